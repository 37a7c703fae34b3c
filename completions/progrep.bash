# bash completion for progrep(1): commands, options, option values and the
# names of shipped templates (from `progrep templates --names`).
# The level names of the config on the command line (the first argument
# after the command that is a file, or a shipped template's name): its
# `levels:` list, flow ([region, county], [{name: region, word: 区}]) or
# block (- region, - name: region), read with
# awk rather than by running progrep, which would load the data.
_progrep_levels()
{
	local w f="" dir
	for w in "${words[@]:2}"; do
		case $w in -*) continue ;; esac
		if [ -f "$w" ]; then
			f=$w
			break
		fi
		while read -r dir; do
			[ -f "$dir/$w.yaml" ] && { f=$dir/$w.yaml; break 2; }
		done < <("${words[0]}" templates --path 2>/dev/null)
	done
	[ -n "$f" ] || return
	awk '
	function out(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); gsub(/^["\047]|["\047]$/, "", s); if (s != "") print s }
	# an entry: a bare name, "name: X" or "{name: X, word: Y}"
	function entry(s) {
		if (match(s, /name:[ \t]*[^,}]+/)) { s = substr(s, RSTART, RLENGTH); sub(/name:/, "", s) }
		else if (s ~ /^[ \t]*[a-z_]+:/) return
		out(s)
	}
	/^levels:[ \t]*\[/ {
		sub(/^levels:[ \t]*\[/, ""); sub(/\][^]]*$/, "")
		while (match($0, /\{[^}]*\}/)) { e = substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH); entry(e) }
		n = split($0, a, ","); for (i = 1; i <= n; i++) if (a[i] !~ /^[ \t]*$/) entry(a[i])
		exit
	}
	/^levels:[ \t]*(#.*)?$/ { on = 1; next }
	on && /^[ \t]*-/ { sub(/^[ \t]*-[ \t]*/, ""); sub(/[ \t]+#.*/, ""); entry($0); next }
	on && /^[ \t]+name:/ { sub(/[ \t]+#.*/, ""); entry($0); next }
	on && /^[^ \t#]/ { exit }
' "$f"
}

_progrep()
{
	local cur prev words cword
	_init_completion 2>/dev/null || {
		COMPREPLY=()
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	}
	local commands="check compute render explain import init manifest templates"
	if [ "$cword" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	local cmd=${words[1]} opts=""
	case $cmd in
	check) opts="--format" ;;
	compute) opts="--period --level --format --excel" ;;
	render) opts="--output --period --format --each --out --jobs --shard --lock --quiet --verbose --incremental --full" ;;
	import) opts="--to" ;;
	explain) opts="--region --period --format" ;;
	init) opts="--regions --output --force" ;;
	templates) opts="--names --path" ;;
	manifest)
		# manifest merge OUT IN...: the sub-command, then manifest files.
		if [ "$cword" -eq 2 ]; then
			COMPREPLY=($(compgen -W "merge" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -X '!*.jsonl' -- "$cur") $(compgen -d -- "$cur"))
		fi
		return
		;;
	*) return ;;
	esac
	case $prev in
	--format | -f)
		case $cmd in
		check | explain) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		compute) COMPREPLY=($(compgen -W "csv json" -- "$cur")) ;;
		render) COMPREPLY=($(compgen -W "pdf text" -- "$cur")) ;;
		esac
		return
		;;
	--period | -p)
		COMPREPLY=($(compgen -W "latest latest-1" -- "$cur"))
		return
		;;
	--level | -l | --each)
		local IFS=$'\n'
		COMPREPLY=($(compgen -W "$(_progrep_levels)" -- "$cur"))
		return
		;;
	--region | --jobs | -j | --shard)
		return
		;;
	--output | -o | --regions | -r | --to | --out | --lock)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	case $cmd in
	check | compute | render | explain | import)
		# A config file or the name of a shipped template.
		local names
		names=$("${words[0]}" templates --names 2>/dev/null)
		COMPREPLY=($(compgen -W "$names" -- "$cur") $(compgen -f -X '!*.y*ml' -- "$cur"))
		COMPREPLY+=($(compgen -d -- "$cur"))
		;;
	init)
		COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -d -- "$cur"))
		;;
	esac
}
complete -F _progrep progrep
