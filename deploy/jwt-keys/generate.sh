#!/bin/sh
# Generates the suite's RS256 key pair for docker-compose, once, into two named volumes:
#   /keys/private  private.pem + public.pem   mounted read-only by the gateways (they sign and verify)
#   /keys/public   public.pem                 mounted read-only by chat, memory and file services
# A key pair that already exists is kept, so tokens stay valid across `docker compose up` runs;
# `docker compose down -v` throws it away. Nothing here is ever committed.
#
# KEY_OWNER_UID: the uid the services run as (185 in both the JVM and the native images).
set -eu

owner="${KEY_OWNER_UID:-185}"
private_dir=/keys/private
public_dir=/keys/public

if [ -s "$private_dir/private.pem" ] && [ -s "$private_dir/public.pem" ]; then
  echo "jwt-keys: keeping the existing key pair"
else
  umask 077
  openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private_dir/private.pem.tmp"
  openssl pkey -in "$private_dir/private.pem.tmp" -pubout -out "$private_dir/public.pem.tmp"
  mv "$private_dir/private.pem.tmp" "$private_dir/private.pem"
  mv "$private_dir/public.pem.tmp" "$private_dir/public.pem"
  echo "jwt-keys: generated a new RSA key pair"
fi

# The container keeps only CAP_CHOWN: modes are set while root still owns the files, and the public
# copy is replaced rather than overwritten (it belongs to $owner after the first run).
rm -f "$public_dir/public.pem"
cp "$private_dir/public.pem" "$public_dir/public.pem"
chmod 0400 "$private_dir/private.pem" 2>/dev/null || true   # already 0400 and not ours after the first run
chmod 0444 "$public_dir/public.pem"
chmod 0444 "$private_dir/public.pem" 2>/dev/null || true
chown "$owner" "$private_dir/private.pem" "$private_dir/public.pem" "$public_dir/public.pem"
chmod 0755 "$private_dir" "$public_dir"
