# Shared by ./run and ./test: install what is missing from Debian, then configure and build.
# Sourced, not executed.

# The Debian 12 packages the build and the tests need. Keep in sync with the README.
ATTNSCOPE_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev libqcustomplot-dev libeigen3-dev nlohmann-json3-dev libpcre2-dev libsodium-dev catch2
  libgl-dev qt6-qpa-plugins libqt6svg6 qt6-svg-dev qt6-l10n-tools qt6-tools-dev
)

# Installs the packages that are not installed yet; a second run installs nothing.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "attnscope: installing missing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures (once) and builds one build tree. Usage: build_tree DIR [cmake -D options...]
build_tree() {
  local dir="$1"
  shift
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  fi
  cmake --build "$dir" --parallel "$(nproc)"
}
