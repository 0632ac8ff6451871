#!/usr/bin/env bash
# Builds and starts Paycue: the embedded default (one process, in-memory, sandbox cards) unless .env says otherwise.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET 10 SDK is required (https://dot.net); install it and run again." >&2
  exit 1
fi

# First run: a .env with sandbox cards and credentials that persist across restarts.
if [ ! -f .env ]; then
  user="shop"
  pass=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy' | tr -d '=')
  {
    echo "# Written by run.sh on first start; edit freely (see .env.example for every key)."
    echo "API_USERNAME=$user"
    echo "API_PASSWORD=$pass"
    echo "SANDBOX=true"
    echo "SANDBOX_CARDS=2"
    echo "WEBHOOK_URL=http://127.0.0.1:10800/health/"
  } > .env
  chmod 600 .env
  echo "run.sh: wrote .env (sandbox mode, new API credentials)."
fi

if [ -x scripts/fetch-tdlib.sh ]; then
  scripts/fetch-tdlib.sh >/dev/null || echo "run.sh: TDLib could not be fetched; Telegram cards will not work (sandbox still does)." >&2
fi

dotnet build src/Paycue.Gateway -c Release -v quiet -nologo -clp:ErrorsOnly

value() { { grep -E "^$1=" .env || true; } | tail -1 | cut -d= -f2- | tr -d '"'"'"; }
port="${PORT:-$(value PORT)}"; port="${port:-10800}"
user="${API_USERNAME:-$(value API_USERNAME)}"
pass="${API_PASSWORD:-$(value API_PASSWORD)}"
export SANDBOX="${SANDBOX:-$(value SANDBOX)}"; export SANDBOX="${SANDBOX:-true}"

cuser="${CONSOLE_USERNAME:-$(value CONSOLE_USERNAME)}"
cpass="${CONSOLE_PASSWORD:-$(value CONSOLE_PASSWORD)}"
if [ -n "$cuser" ]; then console_login="$cuser / $cpass, or the API credentials"; else console_login="the API credentials"; fi

cat <<MSG

Paycue: http://127.0.0.1:$port
API credentials: $user / $pass
Console: http://127.0.0.1:$port/console/ (sign in with $console_login)
Create a transaction (on sandbox-1 here; without card_id Paycue picks the card):
  curl -s -u '$user:$pass' -H 'content-type: application/json' -d '{"amount": 20000, "card_id": "sandbox-1"}' http://127.0.0.1:$port/api/transactions
Pay it in the sandbox (the card_id and amount it answered):
  curl -s -u '$user:$pass' -H 'content-type: application/json' -d '{"card_id": "sandbox-1", "amount": 20000}' http://127.0.0.1:$port/api/sandbox/payments

MSG
exec dotnet src/Paycue.Gateway/bin/Release/net10.0/paycue.dll "$@"
