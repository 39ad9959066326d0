-- wrk request script: POST /items/ with an Item whose size is not an integer, answered with 422
-- (bench/run.sh, shape body_422).
--   wrk -t2 -c16 -d10s -s bench/post_invalid.lua http://127.0.0.1:PORT/items/
wrk.method = "POST"
wrk.body = '{"title":"towel","size":"XL"}'
wrk.headers["Content-Type"] = "application/json"
