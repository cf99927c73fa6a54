#!/usr/bin/env bash
# Creates the demo site once (kept between runs), with one back-end account per role, and
# serves it.
set -euo pipefail
binary=$1
data_dir=${2%/}
listen=$3

# One account per role; the one-time passwords are printed once, when the site is created.
demo_accounts=(
    system_admin:sys.wang
    security_admin:sec.zhao
    audit_admin:audit.sun
    editor:editor.liu
    reviewer:review.zhou
    lead_handler:leads.wu
)

accounts_note=""
if [[ ! -f "$data_dir/guardpress.sqlite3" ]]; then
    if [[ -e $data_dir && -n $(ls -A -- "$data_dir") ]]; then
        echo "demo: $data_dir exists but holds no demo store; move it away or delete it" >&2
        exit 1
    fi
    # Built beside the data dir and moved into place when complete, so a failed run leaves
    # nothing that the next run would take for a finished demo site.
    mkdir -p -- "$(dirname -- "$data_dir")"
    staging=$(mktemp -d -- "$data_dir.new.XXXXXX")
    trap 'rm -rf -- "$staging"' EXIT
    initialised=$("$binary" init --data-dir "$staging/site" --demo)
    rows=""
    for entry in "${demo_accounts[@]}"; do
        role=${entry%%:*}
        name=${entry#*:}
        created=$("$binary" user add --data-dir "$staging/site" --role "$role" --name "$name")
        if [[ ! $created =~ one-time\ password:\ ([^[:space:]]+) ]]; then
            echo "demo: no one-time password in the answer to 'user add $name':" >&2
            echo "$created" >&2
            exit 1
        fi
        rows+=$(printf '  %-16s %-13s %s' "$role" "$name" "${BASH_REMATCH[1]}")$'\n'
    done
    if [[ -e $data_dir ]]; then rmdir -- "$data_dir"; fi
    mv -- "$staging/site" "$data_dir"
    rmdir -- "$staging"
    trap - EXIT
    echo "${initialised//"$staging/site"/$data_dir}"
    accounts_note=$(
        printf '\nBack-end accounts (one-time passwords, shown only now):\n'
        printf '  %-16s %-13s %s\n' role name "one-time password"
        printf '%s' "$rows"
        printf 'Sign in at http://%s/admin/login. At the first sign-in each account must enrol an\n' "$listen"
        printf 'authenticator app (TOTP) and then change its password.\n'
    )
fi
echo "GuardPress demo: http://$listen/  (Ctrl-C stops it; delete $data_dir to start afresh)"
if [[ -n $accounts_note ]]; then
    echo "$accounts_note"
    echo
fi
# Canonical links, sitemaps and feeds name the address the demo is served on.
GP_SITE__BASE_URL="http://$listen" exec "$binary" serve --data-dir "$data_dir" --listen "$listen"
