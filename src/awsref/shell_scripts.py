"""awsref's own zsh completion script, and the ``--show-completion``/``--install-completion``
options with the shell honoured when it is named.

Typer's zsh function ran ``eval $(awsref ...)`` on output built from data (``_arguments``
specs with term and limit labels), and ``_arguments`` evaluated the specs again: a label
such as ``\\");touch PWNED;x=(\\"`` in a notes file ran code in the user's shell on TAB.
awsref's function instead reads ``value<TAB>description`` lines (a protocol of its own,
``complete_zsh_pairs``, so an old installed script never receives data) and passes them to
``compadd`` as arguments: nothing the shell receives is ever evaluated.

The script works both ways zsh loads completions: autoloaded from ``fpath`` (the file
defines ``_awsref``, replacing the autoload stub, and completes at once, so the very first
TAB works, which it did not with Typer's script) and sourced or eval'ed (it then registers
itself with ``compdef``).

bash uses Typer's script with two changes (silent when awsref is no longer installed;
awsref's order of candidates kept); fish has its own, which also calls awsref once per TAB;
PowerShell keeps Typer's. None of them evaluates the output.
"""

from __future__ import annotations

import os
import sys

PROG = "awsref"
COMPLETE_VAR = "_AWSREF_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")

# A Typer template: %(name)s fields are filled by typer's get_completion_script.
ZSH_TEMPLATE = """
#compdef %(prog_name)s

_%(prog_name)s() {
  local -a lines values shown parts
  local line
  lines=("${(@f)$(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" \\
    %(autocomplete_var)s=complete_zsh_pairs %(prog_name)s 2>/dev/null)}")
  for line in "${lines[@]}"; do
    [[ -n $line ]] || continue
    parts=("${(@ps:\\t:)line}")
    values+=("${parts[1]}")
    if (( ${#parts} > 1 )); then
      shown+=("${parts[1]}  -- ${(j: :)parts[2,-1]}")
    else
      shown+=("${parts[1]}")
    fi
  done
  if (( ${#values} == 0 )); then
    _files
    return
  fi
  compadd -U -V %(prog_name)s -l -d shown -a values
}

# Autoloaded from fpath, this file is the body of _%(prog_name)s: it has just redefined
# itself above, and completes now (the first TAB works). Sourced or eval'ed, it registers.
if [[ ${funcstack[1]} == _%(prog_name)s ]]; then
  _%(prog_name)s "$@"
else
  compdef _%(prog_name)s %(prog_name)s
fi
"""


# Typer's bash script, made silent when awsref is gone (after ``pipx uninstall`` a TAB
# printed "env: 'awsref': No such file or directory") and keeping awsref's order of
# candidates (bash 4.4+ sorts them unless told ``nosort``: the curated partner first).
BASH_TEMPLATE = """
%(complete_func)s() {
    local IFS=$'\\n'
    command -v "$1" >/dev/null 2>&1 || return 0
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   %(autocomplete_var)s=complete_bash "$1" 2>/dev/null ) )
    compopt -o nosort 2>/dev/null
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""

# awsref's fish script: one call of awsref per TAB (Typer's called it twice, once to ask
# whether there were candidates and once for them); no candidates: the files, as before.
# Silent without awsref; awsref's order kept (``--keep-order`` is fish 3.1+; an older fish
# registers the completion without it).
FISH_TEMPLATE = """
function __%(prog_name)s_complete
    type -q %(prog_name)s; or return
    set -l found (env %(autocomplete_var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args \\
        _TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s 2>/dev/null)
    if set -q found[1]
        printf '%%s\\n' $found
    else
        __fish_complete_path (commandline -ct)
    end
end
complete --command %(prog_name)s --no-files --keep-order --arguments "(__%(prog_name)s_complete)" 2>/dev/null
or complete --command %(prog_name)s --no-files --arguments "(__%(prog_name)s_complete)"
"""


def use_own_scripts() -> None:
    """Make Typer's installer and ``--show-completion`` use awsref's bash, zsh and fish scripts."""
    from typer import _completion_shared

    _completion_shared._completion_scripts["zsh"] = ZSH_TEMPLATE
    _completion_shared._completion_scripts["bash"] = BASH_TEMPLATE
    _completion_shared._completion_scripts["fish"] = FISH_TEMPLATE


def script(shell: str) -> str:
    """The completion script for ``shell``."""
    from typer._completion_shared import get_completion_script

    use_own_scripts()
    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)


def _detect() -> str | None:
    if os.environ.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"):
        return None
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()


def completion_option(argv: list[str]) -> int | None:
    """Handle ``--show-completion [SHELL]`` / ``--install-completion [SHELL]`` alone on the
    command line; None when ``argv`` is something else (Typer then parses it)."""
    option, eq, named = argv[0].partition("=")
    rest = argv[1:]
    if not eq and rest:
        named, rest = rest[0], rest[1:]
    if option not in ("--show-completion", "--install-completion") or rest:
        return None
    shell = named.lower() or _detect()
    if shell not in SHELLS:
        what = f"unsupported shell {named[:40]!r}" if named else "cannot tell which shell this is"
        sys.stderr.write(f"awsref: error: {what}; name one of: {', '.join(SHELLS)}\n")
        return 2
    if option == "--show-completion":
        sys.stdout.write(script(shell) + "\n")
        return 0
    from typer._completion_shared import install

    use_own_scripts()
    shell, path = install(shell=shell, prog_name=PROG, complete_var=COMPLETE_VAR)
    sys.stdout.write(f"{shell} completion installed in {path}\n")
    sys.stdout.write("Completion will take effect once you restart the terminal\n")
    return 0
