#!/usr/bin/env bash
# Holds SQLite's write lock from the sqlite3 shell, as an operator might, while /api/health is asked every
# 100 ms and one post is written; prints each health answer's time and the write's outcome.
# Usage: scripts/measure-sqlite-lock.sh [seconds the lock is held, default 6]   (needs `pnpm build` first)
set -euo pipefail
cd "$(dirname "$0")/.."
hold=${1:-6}
dir=$(mktemp -d)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
url="http://127.0.0.1:$port"
DATABASE_PATH="$dir/app.db" PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn node apps/server/dist/main.js >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server; rm -rf "$dir"' EXIT
until curl -sf "$url/api/health" >/dev/null; do sleep 0.1; done
token=$(curl -sf "$url/trpc/auth.register" -H 'Content-Type: application/json' \
  -d '{"email":"lock@example.org","name":"Lock","password":"correct horse battery"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).result.data.token')

(echo 'BEGIN IMMEDIATE;'; sleep "$hold"; echo 'COMMIT;') | sqlite3 "$dir/app.db" &
holder=$!
sleep 0.3 # let the shell take the lock
curl -s -o "$dir/write.json" -w '%{http_code} %{time_total}\n' "$url/trpc/posts.create" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d '{"body":"written while locked"}' >"$dir/write.txt" &
writer=$!
slowest=0
count=0
end=$((SECONDS + hold))
while [ $SECONDS -lt $end ]; do
  t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$url/api/health")
  count=$((count + 1))
  ms=$(awk -v s="${t#* }" 'BEGIN { printf "%d", s * 1000 }')
  [ "$ms" -gt "$slowest" ] && slowest=$ms
  [ "${t%% *}" = 200 ] || echo "health answered ${t%% *}"
  sleep 0.1
done
wait $writer $holder
echo "health: $count answers while the lock was held, slowest ${slowest} ms"
echo "write: HTTP $(cat "$dir/write.txt") s: $(cat "$dir/write.json")"
