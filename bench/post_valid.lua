-- wrk request script: POST /items/ with a valid Item (bench/run.sh, shape body_200).
--   wrk -t2 -c16 -d10s -s bench/post_valid.lua http://127.0.0.1:PORT/items/
wrk.method = "POST"
wrk.body = '{"title":"towel","size":5}'
wrk.headers["Content-Type"] = "application/json"
