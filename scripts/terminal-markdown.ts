// Makes a job summary readable in a terminal: drops HTML comments and tags, keeps the text.
export function terminalMarkdown(md: string): string {
  return md
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<summary>([\s\S]*?)<\/summary>/g, '$1')
    .replace(/<\/?(details|summary|br|p|div|sub|sup)[^>]*>/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
