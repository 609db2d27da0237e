#!/bin/sh
# Creates the suite's bucket in MinIO once the server answers; safe to run again.
#
# Run by a one-shot container of the minio/mc image: `minio-init` in docker-compose.yml and the
# `minio-create-bucket` Job of the dev overlay in k8s/ (through deploy/kustomization.yaml).
# Environment: S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET (DESIGN.md's names).
set -eu

: "${S3_ENDPOINT:?}" "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}" "${S3_BUCKET:?}"
# mc keeps its configuration under $HOME; the container's root file system may be read-only.
export HOME="${HOME:-/tmp}"
[ -w "$HOME" ] || export HOME=/tmp

attempt=0
until mc alias set insight "$S3_ENDPOINT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "create-bucket: MinIO at $S3_ENDPOINT did not answer after $attempt attempts" >&2
    exit 1
  fi
  sleep 2
done

mc mb --ignore-existing "insight/$S3_BUCKET"
# Objects are private: reached only through file-service with the service's credentials.
mc anonymous set none "insight/$S3_BUCKET"
echo "create-bucket: bucket $S3_BUCKET is ready at $S3_ENDPOINT"
