#!/bin/sh
# Install the Debian packages named as arguments when some are missing.
# As root: apt-get install them. Otherwise: print the exact command and fail.
missing=""
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
    echo "apt-get install failed for:$missing" >&2; exit 1; }
  exit 0
fi
echo "policy-l10n needs Debian packages that are not installed. Run as root:" >&2
echo "  sudo apt-get install -y$missing" >&2
exit 1
