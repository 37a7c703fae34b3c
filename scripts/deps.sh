#!/usr/bin/env bash
# Install the Debian packages progrep needs to build, run and test.
# Idempotent: apt-get runs only when a package is missing. Needs root
# (or sudo) on Debian bookworm.
set -euo pipefail

packages=(
	build-essential cmake pkg-config
	libyaml-dev libhpdf-dev libcmocka-dev libharfbuzz-dev libfontconfig-dev libdeflate-dev
	nettle-dev libminizip-dev libexpat1-dev libfreexl-dev python3-xlwt
	fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-urw-base35
	fonts-liberation2 # report.fonts.latin: Liberation Serif (Times metrics) for digits in gongwen, bulletin
	poppler-utils qpdf valgrind groff-base python3
	ghostscript mupdf-tools python3-pypdf # other readers of the packed, tagged PDF (tests/golden/tagged.sh)
	nodejs libjs-pdf # pdf.js's text of the tagged PDF (tests/golden/tagged.sh, pdfjs_text.js)
	python3-pil # littleCMS, to check the sRGB profile of PDF/A output (tests/golden/pdfa.sh)
	# PDFBox Preflight (preflight.jar) for tests/golden/pdfa_preflight.sh; Java 17
	# lacks the javax.activation and JAXB jars it needs
	default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
	dosfstools exfatprogs exfat-fuse # case-insensitive folders for tests/golden/integrity.sh
	libsqlite3-dev sqlite3 libpq-dev postgresql
	dpkg-dev python3-jsonschema python3-yaml
	clang libclang-rt-14-dev
	slurmctld slurmd slurm-client munge parallel
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "deps: installing ${missing[*]}" >&2
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi
