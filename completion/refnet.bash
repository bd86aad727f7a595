# bash completion for refnet.
#
# It holds no list of its own: the commands, each command's options with
# their placeholders (ID, FILE, a|b|c...), the --format values and the
# contact ids all come from the refnet being completed, through
# `refnet __complete` (see refnet(1), SHELL COMPLETION).  So it always
# matches the installed program, whatever commands and options it has.
#
# Values by placeholder: --format and a|b|c lists give their values; ID
# gives the contact ids of the network on the command line (its NETWORK_DIR,
# or --contacts FILE; the current directory by default); ID[,ID...] a list
# of them; FROM:NEED an id before the colon; DIR directories; FILE, PATH and
# the like file names; anything else (DATE, N, TEXT) nothing.  Needs bash 4.

# The refnet program named on the command line (a path with ~ expanded), or
# refnet from PATH.
_refnet_program()
{
    local p=${COMP_WORDS[0]}
    [[ $p == "~/"* ]] && p=$HOME/${p#"~/"}
    if [[ $p == */* && -x $p ]] || type -P -- "$p" >/dev/null 2>&1; then
        printf '%s\n' "$p"
    else
        printf 'refnet\n'
    fi
}

# Add the lines of standard input that start with $1 to COMPREPLY, quoted
# for the shell, each followed by $2 (a prefix kept on the line, e.g.
# "ann," in --avoid ann,b).
_refnet_add()
{
    local cur=$1 keep=${2-} w q
    while IFS= read -r w; do
        [[ $w == "$cur"* ]] || continue
        printf -v q '%q' "$keep$w"
        # %q also escapes characters that need no quoting in a word.
        q=${q//\\,/,}; q=${q//\\:/:}; q=${q//\\=/=}; q=${q//\\@/@}; q=${q//\\+/+}
        COMPREPLY+=("$q")
    done
}

_refnet()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prog
    prog=$(_refnet_program)
    COMPREPLY=()

    if ((COMP_CWORD == 1)); then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
        else
            _refnet_add "$cur" < <("$prog" __complete commands 2>/dev/null | cut -f1)
        fi
        return 0
    fi
    local cmd=${COMP_WORDS[1]}
    if [[ $cmd == help ]]; then
        ((COMP_CWORD == 2)) &&
            _refnet_add "$cur" < <("$prog" __complete commands 2>/dev/null | cut -f1)
        return 0
    fi

    # The command's options: name -> placeholder ("" for a flag).
    local -A value
    local name ph
    while IFS=$'\t' read -r name ph; do
        [[ -n $name ]] && value[$name]=$ph
    done < <("$prog" __complete options "$cmd" 2>/dev/null)
    local -a subs
    mapfile -t subs < <("$prog" __complete subcommands "$cmd" 2>/dev/null)

    # What is already on the line: the subcommand, NETWORK_DIR, --contacts.
    # bash splits words at = and :, so "--format=csv" is three words and
    # "--intro ann:plumber" four.
    local i=2 w sub="" dir="" contacts="" npos=0
    while ((i < COMP_CWORD)); do
        w=${COMP_WORDS[i]}
        if [[ $w == -?* ]]; then
            name=${w%%=*}
            local v=""
            if [[ $w == *=* ]]; then
                v=${w#*=}
            elif [[ ${COMP_WORDS[i+1]-} == = ]]; then
                v=${COMP_WORDS[i+2]-}
                ((i += 2))
            elif [[ -n ${value[$name]-} ]]; then
                v=${COMP_WORDS[i+1]-}
                ((i += 1))
            fi
            [[ $name == --contacts ]] && contacts=$v
        elif [[ $w == [:=] ]]; then
            ((i += 1))   # the rest of FROM:NEED or ID=PATH
        else
            if ((npos == 0 && ${#subs[@]} > 0)); then
                sub=$w
            elif [[ -z $dir ]]; then
                dir=$w
            fi
            ((npos += 1))
        fi
        ((i += 1))
    done

    # The option whose value is being completed, if any.
    local opt="" prev=${COMP_WORDS[COMP_CWORD-1]-}
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        cur=${cur#*=}
    elif [[ $cur == = && $prev == -* ]]; then
        opt=$prev
        cur=""
    elif [[ $prev == = ]] && ((COMP_CWORD >= 3)) && [[ ${COMP_WORDS[COMP_CWORD-2]} == -* ]]; then
        opt=${COMP_WORDS[COMP_CWORD-2]}
    elif [[ $prev == -* && -n ${value[$prev]-} ]]; then
        opt=$prev
    elif [[ $prev == : ]]; then
        return 0   # NEED of FROM:NEED: free text
    elif [[ $prev == = ]] && ((COMP_CWORD >= 4)) && [[ ${COMP_WORDS[COMP_CWORD-3]} == -?* ]] &&
         [[ ${value[${COMP_WORDS[COMP_CWORD-3]}]-} == *=PATH* ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))   # PATH of --member ID=PATH
        compopt -o filenames 2>/dev/null
        return 0
    fi

    if [[ -n $opt ]]; then
        ph=${value[$opt]-}
        [[ -z $ph ]] && return 0
        local src=${contacts:-${dir:-.}}
        [[ $src == "~/"* ]] && src=$HOME/${src#"~/"}
        if [[ $opt == --format ]]; then
            _refnet_add "$cur" < <("$prog" __complete formats "$cmd" 2>/dev/null)
        elif [[ $ph =~ ^[a-z0-9-]+(\|[a-z0-9-]+)+$ ]]; then
            _refnet_add "$cur" < <(tr '|' '\n' <<<"$ph")
        elif [[ $ph == ID ]]; then
            _refnet_add "$cur" < <("$prog" __complete ids "$src" "$cur" 2>/dev/null)
        elif [[ $ph == ID\[,* ]]; then
            local keep=""
            [[ $cur == *,* ]] && keep=${cur%,*},
            _refnet_add "${cur##*,}" "$keep" < <("$prog" __complete ids "$src" "${cur##*,}" 2>/dev/null)
            compopt -o nospace 2>/dev/null
        elif [[ $ph == [A-Z]*:* ]]; then
            _refnet_add "$cur" < <("$prog" __complete ids "$src" "$cur" 2>/dev/null | sed 's/$/:/')
            compopt -o nospace 2>/dev/null
        elif [[ $ph == DIR ]]; then
            COMPREPLY=($(compgen -d -- "$cur"))
            compopt -o filenames 2>/dev/null
        elif [[ $ph =~ FILE|PATH|DIR ]]; then
            [[ $ph == *=* ]] && return 0   # ID=PATH: the user writes ID= first
            COMPREPLY=($(compgen -f -- "$cur"))
            compopt -o filenames 2>/dev/null
        fi
        return 0
    fi

    if [[ $cur == -* ]]; then
        _refnet_add "$cur" < <(printf '%s\n' "${!value[@]}" | sort)
        return 0
    fi
    if ((${#subs[@]} > 0)) && [[ -z $sub ]]; then
        _refnet_add "$cur" < <(printf '%s\n' "${subs[@]}")
        return 0
    fi
    # NETWORK_DIR (or import's OUT_DIR).
    COMPREPLY=($(compgen -d -- "$cur"))
    compopt -o filenames 2>/dev/null
    return 0
}

complete -F _refnet refnet
