// What main uses from the report folder.
export { renderPlanText, countsLine } from './plan-text.js';
export { renderMarkdown, type MarkdownOptions } from './markdown.js';
export { capMarkdown, COMMENT_LIMIT, SUMMARY_LIMIT, type Limit } from './cap.js';
export { standardWarnings } from './warnings.js';
export { writeBadInputSummary, writeSummary } from './summary.js';
export {
  upsertPlanComment,
  commentMarker,
  readPullRequest,
  readPullRequestNumber,
  type CommentOutcome,
} from './comment.js';
export { failureOf, type Failure } from './status.js';
