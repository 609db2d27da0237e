# Uploading to file-service and waiting for the file to be processed, sourced by the file benchmarks (which define
# say and die).
#   id=$(upload_file URL TOKEN FILE)   the new file's id (dies naming the answer when the upload is refused)
#   wait_ready URL TOKEN ID            returns once the file is READY; dies when it is FAILED, or not READY after
#                                      READY_TIMEOUT_SECONDS (default 1800)
upload_file() {
  local created id
  created=$(curl -sS -H "Authorization: Bearer $2" -F "file=@$3;type=text/csv" "$1/api/files")
  id=$(sed -nE 's/.*"id":"([^"]+)".*/\1/p' <<<"$created")
  [[ -n "$id" ]] || die "upload failed: $created"
  echo "$id"
}

wait_ready() {
  local file status deadline=$((SECONDS + ${READY_TIMEOUT_SECONDS:-1800}))
  while true; do
    file=$(curl -sS -H "Authorization: Bearer $2" "$1/api/files/$3" || true)
    status=$(sed -nE 's/.*"status":"([^"]+)".*/\1/p' <<<"$file")
    [[ "$status" == READY ]] && return 0
    [[ "$status" == FAILED ]] && die "file-service could not process the file: $file"
    ((SECONDS < deadline)) || die "the file is not READY after ${READY_TIMEOUT_SECONDS:-1800} s: $file"
    sleep 0.1
  done
}
