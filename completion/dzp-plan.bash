# bash completion for dzp-plan                            -*- shell-script -*-
# Installed as share/bash-completion/completions/dzp-plan, where the
# bash-completion package loads it on demand; without that package, source
# it from ~/.bashrc.  Needs nothing from bash-completion itself.  Keep the
# options in step with `dzp-plan --help` (tests/test_man_completion.sh).

_dzp_plan()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --option=value: bash splits the word at '=' (COMP_WORDBREAKS)
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    case $prev in
        --format)
            mapfile -t COMPREPLY < <(compgen -W 'md markdown json html' -- "$cur")
            return ;;
        --batch | --stock)    # a file ('-' for stdin with --batch)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return ;;
        --rules | --out)      # a directory
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            return ;;
        --from | --to | --name | --scale | --routes | --jobs | --shard | --smiles-column | --name-column)
            return ;;         # a SMILES, a name or a number: nothing to offer
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W '--from --to --batch --format --out
            --name --stock --rules --routes --scale --jobs --shard --quiet --verbose
            --smiles-column --name-column
            --help -h --version -V' -- "$cur")
    fi
}
complete -F _dzp_plan dzp-plan
