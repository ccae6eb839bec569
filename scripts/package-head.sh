#!/usr/bin/env bash
# Builds dist/ from the committed HEAD (not the working tree), so that a dist/ commit matches
# exactly what CI rebuilds from a clean clone even while other work is uncommitted.
set -euo pipefail
root="$(git rev-parse --show-toplevel)"
wt="$(mktemp -d)/head"
git -C "$root" worktree add -q --detach "$wt" HEAD
trap 'git -C "$root" worktree remove --force "$wt"' EXIT
ln -s "$root/node_modules" "$wt/node_modules"
# ncc does not empty its output folder: start from none, so no stale chunk survives.
rm -rf "$wt/dist"
(cd "$wt" && npm run -s package >/dev/null)
rm -rf "$root/dist"
cp -r "$wt/dist" "$root/dist"
git -C "$root" add -A dist
git -C "$root" status --short -- dist
