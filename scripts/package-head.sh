#!/usr/bin/env bash
# Builds dist/ from the committed HEAD (not the working tree), so that a dist/ commit matches
# exactly what CI rebuilds from a clean clone even while other work is uncommitted.
set -euo pipefail
root="$(git rev-parse --show-toplevel)"
wt="$(mktemp -d)/head"
git -C "$root" worktree add -q --detach "$wt" HEAD
trap 'git -C "$root" worktree remove --force "$wt"' EXIT
# Its own node_modules: ncc names chunks after module paths, and a symlink to another tree
# would give other names than a clean clone (what CI builds).
(cd "$wt" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# ncc does not empty its output folder: start from none, so no stale chunk survives.
rm -rf "$wt/dist"
(cd "$wt" && npm run -s package >/dev/null)
rm -rf "$root/dist"
cp -r "$wt/dist" "$root/dist"
git -C "$root" add -A dist
git -C "$root" status --short -- dist
