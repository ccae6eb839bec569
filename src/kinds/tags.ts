// Azure resource tags: names compare case-insensitively (a tag set by hand may differ in case).

/** The value of tag `name`, whatever the letter case of its name on the resource. */
export function tagValue(tags: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === wanted)?.[1];
}
