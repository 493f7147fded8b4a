"""`readiness protect` (and `--off`), and the passphrase for `history`, `show` and `export`.

Why it is built this way: the person types the passphrase at the terminal
(`getpass`, never echoed), or a script hands it over on a file descriptor of
its own (`--passphrase-fd N`), never on the command line where other accounts
can see it. Every message is one plain sentence; a run cut off part way says
what is done and that running it again finishes it (nothing is ever lost: see
`core.protect`). Nothing here imports Textual, and `pyrage` only when used.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from readiness.commands.output import complain, counted

if TYPE_CHECKING:
    from readiness.core.protect import Progress

_MAX_PASSPHRASE_BYTES = 4096


def _say(message: str) -> None:
    """A line for the person on stderr, without the program's name (prompts, progress)."""
    print(message, file=sys.stderr, flush=True)


def add_passphrase_fd(parser: argparse.ArgumentParser) -> None:
    """`--passphrase-fd N`, for scripts and tests: the passphrase is the first line read from N."""
    parser.add_argument(
        "--passphrase-fd",
        type=int,
        metavar="N",
        help="read the passphrase from file descriptor N (its first line) instead of asking",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "protect",
        help="protect saved results with a passphrase (--off: back to plain files)",
        description="Encrypt every saved result with a key that your passphrase opens, so that "
        "someone else using this account cannot read them. Saving needs no passphrase; "
        "reading (history, show, export, the app) asks for it once per sitting. If you forget "
        "the passphrase, the saved results cannot be recovered. --off decrypts them back to "
        "plain files and removes the key.",
    )
    p.add_argument(
        "--off", action="store_true", help="turn protection off: decrypt every saved result"
    )
    add_passphrase_fd(p)
    p.set_defaults(handler=run_protect)


def read_passphrase(args: argparse.Namespace, prompt: str) -> str | None:
    """The passphrase from `--passphrase-fd` (its first line) or typed at the terminal; None
    when there is no one to ask (no terminal, end of input)."""
    fd = getattr(args, "passphrase_fd", None)
    if fd is not None:
        data = b""
        try:
            while b"\n" not in data and len(data) <= _MAX_PASSPHRASE_BYTES:
                chunk = os.read(fd, 512)
                if not chunk:
                    break
                data += chunk
        except OSError:
            return None
        line = data.split(b"\n", 1)[0].rstrip(b"\r")
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            return None
    import getpass

    try:
        if not (sys.stdin and sys.stdin.isatty()) and not _has_terminal():
            return None
        return getpass.getpass(prompt, stream=sys.stderr)
    except (EOFError, OSError, getpass.GetPassWarning):
        return None


def _has_terminal() -> bool:
    """Whether getpass can ask at the controlling terminal (it opens /dev/tty itself)."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return False
    os.close(fd)
    return True


def unlock_if_needed(args: argparse.Namespace) -> int | None:
    """Ask for the passphrase and unlock when the saved results are protected and locked.

    None when reading may go on; an exit status (after one line on stderr) when not.
    """
    from readiness.core import protect
    from readiness.core.records import StoreError

    if not protect.needs_unlock():
        return None
    passphrase = read_passphrase(args, "Passphrase for your saved results: ")
    if passphrase is None:
        complain(
            "Your saved results are protected; unlock them with your passphrase "
            "(at a terminal, or with --passphrase-fd N)."
        )
        return 1
    _say("Unlocking…")
    try:
        protect.unlock(passphrase)
    except StoreError as exc:
        complain(exc.message)
        return 1
    return None


# --------------------------------------------------------------------------- protect


def run_protect(args: argparse.Namespace) -> int:
    """Turn protection on (or finish it), or with --off turn it off; exit status."""
    from readiness.core.records import StoreError

    if getattr(args, "private", False):
        complain(
            "--private writes nothing, and protecting changes your saved files; run it without --private."
        )
        return 2
    try:
        return _turn_off(args) if args.off else _turn_on(args)
    except StoreError as exc:
        complain(exc.message)
        return 1


def _stopped(what: str) -> None:
    _say(
        f"{what} stopped part way. What is done is kept and nothing is lost; run the same "
        "command again to finish (`readiness history` names any file still in plain)."
    )


def _turn_on(args: argparse.Namespace) -> int:
    from readiness.core import protect, store

    keys = protect.key_files()
    plain = protect.plain_results()
    if os.path.lexists(keys.identity):
        if protect.recipient_ok() and not plain:
            print("Your saved results are already protected.")
            return 0
        n = len(plain)
        still = f", and {counted(n, 'saved file')} {'are' if n != 1 else 'is'} still in plain"
        _say(
            f"Protection was set up part way{still if n else ''}. Enter your passphrase to finish."
        )
        passphrase = read_passphrase(args, "Passphrase: ")
        if passphrase is None:
            complain("No passphrase was given; nothing was changed.")
            return 1
        _say("Unlocking…")
    else:
        if os.path.lexists(keys.recipient) and protect.has_protected_files():
            _say(
                f"The key that opened your earlier protected results ({keys.identity}) is missing, "
                "so those files cannot be opened by anyone; they are left as they are, and a new "
                "key is made for everything from now on."
            )
        _say(
            "Protection encrypts your saved results with a key that only your passphrase opens. "
            + protect.FORGOTTEN_WARNING
        )
        passphrase = read_passphrase(args, "New passphrase: ")
        if passphrase is None:
            complain("No passphrase was given; nothing was changed.")
            return 1
        if len(passphrase) >= protect.MIN_PASSPHRASE:
            _say(protect.strength_hint(passphrase))
        else:
            complain(
                f"That passphrase is too short: use at least {protect.MIN_PASSPHRASE} characters (four or "
                "more unrelated words are easy to remember and hard to guess); nothing was changed."
            )
            return 1
        if getattr(args, "passphrase_fd", None) is None:
            again = read_passphrase(args, "The same passphrase again: ")
            if again != passphrase:
                complain("The two passphrases differ; nothing was changed.")
                return 1
        _say("Protecting… (making the key takes a few seconds)")
    try:
        progress = protect.set_up(passphrase)
    except KeyboardInterrupt:
        if protect.is_protected():
            _stopped("Protecting")
        return 130
    except store.StoreError as exc:
        if isinstance(exc, protect.WrongPassphraseError) or not protect.is_protected():
            raise
        complain(exc.message)
        _stopped("Protecting")
        return 1
    n = progress.converted + progress.finished
    done = (
        f"{n} saved result{'s were' if n != 1 else ' was'} encrypted and the plain "
        f"file{'s' if n != 1 else ''} overwritten and deleted"
        if n
        else "there were no saved results in plain to encrypt"
    )
    print(
        f"Your saved results are protected: {done}. Saving needs no passphrase; reading "
        "them asks for it once per sitting."
    )
    _print_left(progress)
    return 0


def _print_left(progress: Progress) -> None:
    for path, why in progress.left:  # complain makes the path safe to show
        complain(f"left as it is: {path}: {why}")


def _turn_off(args: argparse.Namespace) -> int:
    from readiness.core import protect, store

    keys = protect.key_files()
    if not protect.is_protected():
        if protect.has_protected_files():
            complain(
                "Protection is off, but protected files are still in the results folder and their "
                "key is gone, so nobody can open them; they are left as they are."
            )
            return 1
        print("Your saved results are not protected; nothing to do.")
        return 0
    if not os.path.lexists(keys.identity):
        if not protect.has_protected_files():
            os.unlink(keys.recipient)  # a public key alone protects nothing: protection is off
            print(
                "Protection is off (its key was already gone, and no file was protected with it)."
            )
            return 0
        complain(
            f"The key that opens your protected results ({keys.identity}) is missing, so they "
            "cannot be decrypted; they are left as they are."
        )
        return 1
    _say(
        "Turning protection off decrypts every saved result back to a plain file that anyone "
        "who can open this account can read."
    )
    if protect.unlocked() is None:
        passphrase = read_passphrase(args, "Passphrase: ")
        if passphrase is None:
            complain("No passphrase was given; nothing was changed.")
            return 1
        _say("Unlocking…")
        protect.unlock(passphrase)
    try:
        progress = protect.turn_off()
    except KeyboardInterrupt:
        _stopped("Turning protection off")
        return 130
    except store.StoreError as exc:
        complain(exc.message)
        _stopped("Turning protection off")
        return 1
    n = progress.converted + progress.finished
    print(
        f"Protection is off: {n} saved result{'s are' if n != 1 else ' is'} plain files again, "
        "and the key is removed."
    )
    _print_left(progress)
    return 0
