export const id = 762;
export const ids = [762];
export const modules = {

/***/ 8762:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  offlineChecks: () => (/* reexport */ offlineChecks),
  reconcilePhase: () => (/* reexport */ reconcilePhase),
  signIn: () => (/* reexport */ signIn),
  smokePhase: () => (/* reexport */ smokePhase)
});

// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/engine/limiter.ts
class Limiter {
    max;
    active = 0;
    waiting = [];
    constructor(max) {
        this.max = max;
    }
    get limit() {
        return this.max;
    }
    /** A new bound (at least 1): a raise starts waiting work at once, a cut lets running work end. */
    setLimit(limit) {
        this.max = Math.max(1, Math.floor(limit));
        this.wake();
    }
    async run(fn) {
        // a slot is taken here or handed over (already counted) by wake()
        if (this.active < this.max)
            this.active++;
        else
            await new Promise((resolve) => this.waiting.push(resolve));
        try {
            return await fn();
        }
        finally {
            this.active--;
            this.wake();
        }
    }
    wake() {
        while (this.active < this.max && this.waiting.length) {
            this.active++;
            this.waiting.shift()();
        }
    }
}

;// CONCATENATED MODULE: ./src/engine/adaptive-limiter.ts

/**
 * The bound the budget supports: tasks whose requests, spread over one task's duration, fit in
 * what the bucket holds plus what it refills meanwhile. Pure.
 */
function supportedTasks(room, ratePerMs, taskMs, requestsPerTask) {
    return (Math.max(0, room) + Math.max(0, ratePerMs) * Math.max(0, taskMs)) / requestsPerTask;
}
class AdaptiveLimiter {
    signal;
    opts;
    now;
    limiter;
    seen;
    /** the tasks' mean duration (exponentially weighted), ms */
    taskMs;
    /** when the bound was last halved */
    halvedAt = -Infinity;
    constructor(signal, opts, now = () => performance.now()) {
        this.signal = signal;
        this.opts = opts;
        this.now = now;
        this.limiter = new Limiter(opts.start);
        this.seen = signal.throttled();
    }
    get limit() {
        return this.limiter.limit;
    }
    async run(fn) {
        let started = 0;
        try {
            return await this.limiter.run(() => {
                started = this.now();
                return fn();
            });
        }
        finally {
            const ms = this.now() - started;
            this.taskMs = this.taskMs === undefined ? ms : 0.9 * this.taskMs + 0.1 * ms;
            this.adjust(started);
        }
    }
    adjust(started) {
        const throttled = this.signal.throttled();
        const { min, max, requestsPerTask } = this.opts;
        if (throttled > this.seen) {
            this.seen = throttled;
            // Once per round (TCP halves once per round trip): a task that started before the last
            // halving sent its requests under the old bound; its 429s report the overload already
            // answered, not a new one.
            if (started >= this.halvedAt) {
                this.halvedAt = this.now();
                this.limiter.setLimit(Math.max(min, Math.floor(this.limiter.limit / 2)));
            }
            return;
        }
        const room = this.signal.room();
        if (room === undefined)
            return;
        const supported = supportedTasks(room, this.signal.rate?.() ?? 0, this.taskMs ?? 0, requestsPerTask);
        if (supported > this.limiter.limit + 1) {
            this.limiter.setLimit(Math.min(max, this.limiter.limit + 1));
        }
    }
}

// EXTERNAL MODULE: ./src/kinds/runbook/check.ts + 1 modules
var check = __webpack_require__(7102);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/kinds/runbook/encoding.ts
// Runbook files come from Windows editors as often as from anywhere else: UTF-8 with or without a
// BOM, UTF-16 (Windows PowerShell ISE's "Unicode"), or legacy Windows-1252 ("ANSI"). Decode them
// to the text Automation should receive, keeping line endings exactly as they are.
/** Decodes file bytes to text. Never throws: bytes that are not UTF-8 fall back to Windows-1252. */
function decodeText(bytes) {
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    }
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
        return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
    }
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
        return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
    }
    const guess = guessUtf16(bytes);
    if (guess !== undefined) {
        return {
            text: new TextDecoder(guess).decode(bytes),
            encoding: guess,
            note: `no byte order mark; read as ${guess.toUpperCase()} because every other byte is zero`,
        };
    }
    try {
        // ignoreBOM: the UTF-8 BOM case is handled above; nothing else should be stripped
        return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
    }
    catch {
        return {
            text: new TextDecoder('windows-1252').decode(bytes),
            encoding: 'windows-1252',
            note: 'not valid UTF-8; read as Windows-1252 (ANSI). Save the file as UTF-8 to be sure of its characters',
        };
    }
}
/**
 * BOM-less UTF-16 of mostly ASCII text has a zero in every other byte; UTF-8 text never has NUL
 * bytes. Looks at the first 4 KiB only.
 */
function guessUtf16(bytes) {
    const n = Math.min(bytes.length, 4096) & ~1;
    if (n < 4)
        return undefined;
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < n; i += 2) {
        if (bytes[i] === 0)
            evenZeros++;
        if (bytes[i + 1] === 0)
            oddZeros++;
    }
    const pairs = n / 2;
    // a few zero bytes on the other side come from non-Latin characters (U+4E00, surrogates)
    if (oddZeros >= pairs * 0.6 && evenZeros <= pairs * 0.1)
        return 'utf-16le';
    if (evenZeros >= pairs * 0.6 && oddZeros <= pairs * 0.1)
        return 'utf-16be';
    return undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/kinds/runbook/hash.ts
// What the sync compares and marks: the hash of the text as uploaded, and the tags that make a
// runbook this action's own (CONTRACT: prune deletes only runbooks that carry the ownership tag).

const TAG_MANAGED = 'exo-automation:managed';
const TAG_MANAGED_VALUE = 'true';
const TAG_SHA256 = 'exo-automation:sha256';
const TAG_PATH = 'exo-automation:path';
const TAG_SYNCED = 'exo-automation:synced';
/** Azure Resource Manager limit on a tag value's length. */
const TAG_VALUE_MAX = 256;
/** sha256 (hex) of the UTF-8 bytes of the text, exactly as it is uploaded (no BOM). */
function contentHash(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}
/**
 * Fits a value into a tag: values over 256 characters keep their end (the file name is the useful
 * part of a path) behind a leading `...`, never splitting a surrogate pair.
 */
function truncateTagValue(value, max = TAG_VALUE_MAX) {
    if (value.length <= max)
        return value;
    const marker = '...';
    let start = value.length - (max - marker.length);
    const code = value.charCodeAt(start);
    if (code >= 0xdc00 && code <= 0xdfff)
        start++; // do not begin on the low half of a pair
    return marker + value.slice(start);
}
/** The tags a synced runbook carries. Merge them over the runbook's other tags; do not replace those. */
function runbookTags(input) {
    const tags = {
        [TAG_MANAGED]: TAG_MANAGED_VALUE,
        [TAG_SHA256]: input.hash,
        [TAG_PATH]: truncateTagValue(input.path),
    };
    if (input.synced !== undefined)
        tags[TAG_SYNCED] = input.synced.toISOString();
    return tags;
}
/** Whether a runbook's tags mark it as created by this action (tag names compare case-insensitively). */
function isManaged(tags) {
    if (tags === undefined)
        return false;
    return Object.entries(tags).some(([name, value]) => name.toLowerCase() === TAG_MANAGED && value.toLowerCase() === TAG_MANAGED_VALUE);
}
/** The hash a runbook was last synced with, if it carries one. */
function taggedHash(tags) {
    if (tags === undefined)
        return undefined;
    return Object.entries(tags).find(([name]) => name.toLowerCase() === TAG_SHA256)?.[1];
}

// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 7 modules
var esm = __webpack_require__(3581);
;// CONCATENATED MODULE: ./src/kinds/runbook/walk.ts
// Walks the workspace for one `runbooks` glob pattern. Own walker (not @actions/glob's) because
// it must decide at each symbolic link: a link that leaves the workspace is refused before it is
// walked (a link to /usr is one problem, not 207k files read), and a dangling link matters only
// when the pattern matches it (a broken README.md link beside the runbooks is not a problem).
// Matching is minimatch with the options @actions/glob uses, on workspace-relative paths.



const OPTIONS = {
    dot: true,
    nobrace: true,
    nocase: process.platform === 'win32',
    nocomment: true,
    noext: true,
    nonegate: true,
};
const isInside = (root, p) => {
    const rel = external_node_path_default().relative(root, p);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_default().isAbsolute(rel));
};
/** The leading segments without glob characters: where the walk starts. */
function literalPrefix(pattern) {
    const out = [];
    for (const segment of pattern.split('/')) {
        if (/[*?[\\]/u.test(segment))
            break;
        out.push(segment);
    }
    return out;
}
class Matcher {
    include;
    exclude;
    globstarLast;
    constructor(pattern, excludes) {
        this.include = new esm/* Minimatch */.VR(pattern, OPTIONS);
        this.exclude = excludes.map((e) => new esm/* Minimatch */.VR(external_node_path_default().posix.normalize(e), OPTIONS));
        this.globstarLast = pattern.endsWith('/**') || pattern === '**';
    }
    /** `rel` is a match (a trailing `**` also matches its folder itself, as in @actions/glob). */
    matches(rel) {
        const item = this.globstarLast ? `${rel}/` : rel;
        return this.include.match(item) && !this.exclude.some((e) => e.match(rel) || e.match(`${rel}/`));
    }
    /** Something below `rel` could match. */
    mayMatchBelow(rel) {
        return this.include.matchOne(rel.split('/'), this.include.set[0], true);
    }
}
/** What an entry is, following a symbolic link only as far as its target's type and place. */
async function kindOf(abs, realRoot) {
    const own = await (0,promises_.lstat)(abs);
    if (!own.isSymbolicLink())
        return { kind: own.isDirectory() ? 'dir' : own.isFile() ? 'file' : 'other' };
    let real;
    try {
        real = await (0,promises_.realpath)(abs);
    }
    catch {
        return { kind: 'broken' };
    }
    const target = await (0,promises_.stat)(real);
    if (target.isDirectory())
        return { kind: isInside(realRoot, real) ? 'dir' : 'outside-dir', real };
    return { kind: target.isFile() ? 'file' : 'other', real };
}
/** Every match of `pattern` (relative to root; `excludes` likewise) and the problems met on the way. */
async function walkPattern(root, realRoot, pattern, excludes) {
    const normalized = external_node_path_default().posix.normalize(pattern);
    const matcher = new Matcher(normalized, excludes);
    const result = { matched: [], problems: [] };
    const start = literalPrefix(normalized).join('/');
    // `above`: real paths of the folders being walked, so a symbolic link loop ends
    const visit = async (rel, isStart, above) => {
        const abs = external_node_path_default().join(root, rel);
        let entry;
        try {
            entry = await kindOf(abs, realRoot);
        }
        catch {
            return; // vanished, or the literal start does not exist: no match
        }
        const display = rel === '' ? '.' : rel;
        if (entry.kind === 'broken') {
            if (matcher.matches(rel)) {
                result.problems.push({
                    path: display,
                    message: /\.ps1$/iu.test(rel)
                        ? 'is a broken symbolic link'
                        : 'is not a .ps1 file; only PowerShell runbooks are synced',
                });
            }
            return;
        }
        if (entry.kind === 'outside-dir') {
            if (matcher.matches(rel) || matcher.mayMatchBelow(rel) || isStart) {
                result.problems.push({
                    path: display,
                    message: `is a symbolic link to ${entry.real}, outside the workspace; it is not walked (runbooks must be files of the repository)`,
                });
            }
            return;
        }
        if (rel !== '' && matcher.matches(rel))
            result.matched.push(rel);
        if (entry.kind !== 'dir' || !(isStart || matcher.mayMatchBelow(rel)))
            return;
        const real = entry.real ?? (await (0,promises_.realpath)(abs));
        if (!isInside(realRoot, real)) {
            result.problems.push({ path: display, message: 'is outside the workspace; runbook patterns stay inside it' });
            return;
        }
        if (above.has(real))
            return;
        let names;
        try {
            names = (await (0,promises_.readdir)(abs)).sort();
        }
        catch (e) {
            result.problems.push({ path: display, message: `cannot be read: ${e.code ?? e}` });
            return;
        }
        const below = new Set([...above, real]);
        for (const name of names)
            await visit(rel === '' ? name : `${rel}/${name}`, false, below);
    };
    await visit(start === '.' ? '' : start, true, new Set());
    return result;
}

// EXTERNAL MODULE: ./src/log/inert.ts
var inert = __webpack_require__(7150);
;// CONCATENATED MODULE: ./src/kinds/runbook/discover.ts
// Finds the runbooks to sync: the `runbooks` input's glob patterns, relative to the workspace,
// matched by walk.ts (minimatch, as @actions/glob matches). Every problem is collected and reported at once, each naming its path.






/**
 * Largest runbook text accepted, in UTF-8 bytes. Azure's published Automation limits name no size
 * for runbook content (only 1 MiB for a job stream and 1 MB for a DSC node configuration); 1 MiB
 * is a conservative guard against uploading something that is not really a runbook.
 */
const MAX_RUNBOOK_BYTES = 1024 * 1024;
/** Runbook names: the ARM path pattern in Microsoft.Automation 2024-10-23 runbook.json, 1-63 characters. */
const RUNBOOK_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]*$/u;
const RUNBOOK_NAME_MAX = 63;
/** Runbook files read at once. */
const READ_PARALLELISM = 32;
class RunbookDiscoveryError extends Error {
    problems;
    constructor(problems) {
        super(`The runbooks input has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
            problems.map((p) => `  - ${(0,inert/* visibleControls */.xx)(p.path)}: ${(0,inert/* visibleControls */.xx)(p.message)}`).join('\n'));
        this.problems = problems;
        this.name = 'RunbookDiscoveryError';
    }
}
/** Checks a runbook name against Azure's rule; returns the reason it is invalid, or undefined. */
function runbookNameProblem(name) {
    if (name.length === 0)
        return 'the runbook name (the file name without .ps1) is empty';
    if (name.length > RUNBOOK_NAME_MAX) {
        return `the runbook name "${name}" is ${name.length} characters long; Azure allows at most ${RUNBOOK_NAME_MAX}`;
    }
    if (!RUNBOOK_NAME_PATTERN.test(name)) {
        return (`"${name}" is not a valid runbook name: it must start with a letter and contain only letters, ` +
            'digits, underscores and hyphens (rename the file)');
    }
    return undefined;
}
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const discover_isInside = (root, p) => {
    const rel = external_node_path_default().relative(root, p);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_default().isAbsolute(rel));
};
/**
 * Finds the runbooks matched by `patterns` (each relative to `workspace`; `!pattern` excludes).
 * Returns them sorted by name, or throws RunbookDiscoveryError listing every problem.
 */
async function discoverRunbooks(patterns, workspace) {
    const root = external_node_path_default().resolve(workspace);
    const realRoot = await (0,promises_.realpath)(root);
    const lines = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
    const include = lines.filter((p) => !p.startsWith('!'));
    const exclude = lines.filter((p) => p.startsWith('!')).map((p) => p.slice(1).trim());
    const problems = [];
    const matched = new Map(); // absolute path -> workspace-relative path
    // One walk per include pattern, so that a pattern matching nothing can be named; the
    // exclusions apply to each. A pattern means what it says (no implicit descendants).
    for (const pattern of include) {
        const walked = await walkPattern(root, realRoot, pattern, exclude);
        problems.push(...walked.problems);
        if (walked.matched.length === 0 && walked.problems.length === 0) {
            problems.push({ path: pattern, message: 'the pattern matches no file' });
        }
        for (const rel of walked.matched)
            matched.set(external_node_path_default().join(root, rel), rel);
    }
    // Files are read concurrently (a few syscalls each: one after another, 800 files took ~0.2-0.3 s
    // before the first request); results and problems are kept in path order.
    const entries = [...matched].sort((a, b) => compare(a[1], b[1]));
    const read = new Array(entries.length);
    let next = 0;
    const realDirs = new Map();
    const realOf = async (file) => {
        // A file that is no symbolic link itself resolves through its folder: one realpath per folder.
        if ((await (0,promises_.lstat)(file)).isSymbolicLink())
            return (0,promises_.realpath)(file);
        const dir = external_node_path_default().dirname(file);
        let real = realDirs.get(dir);
        if (!real)
            realDirs.set(dir, (real = (0,promises_.realpath)(dir)));
        return external_node_path_default().join(await real, external_node_path_default().basename(file));
    };
    const worker = async () => {
        for (let i = next++; i < entries.length; i = next++) {
            const own = [];
            read[i] = { runbook: await readRunbook(entries[i][0], entries[i][1], realRoot, own, realOf), problems: own };
        }
    };
    await Promise.all(Array.from({ length: Math.min(READ_PARALLELISM, entries.length) }, worker));
    const runbooks = [];
    for (const r of read) {
        problems.push(...r.problems);
        if (r.runbook !== undefined)
            runbooks.push(r.runbook);
    }
    const byName = new Map();
    for (const runbook of runbooks) {
        const key = runbook.name.toLowerCase();
        byName.set(key, [...(byName.get(key) ?? []), runbook]);
    }
    for (const same of byName.values()) {
        if (same.length < 2)
            continue;
        for (const runbook of same) {
            const others = same.filter((r) => r !== runbook).map((r) => r.path);
            problems.push({
                path: runbook.path,
                message: `runbook name "${runbook.name}" is also the name of ${others.join(', ')} (Azure runbook names ignore case); rename one of them`,
            });
        }
    }
    if (problems.length > 0)
        throw new RunbookDiscoveryError(problems);
    return runbooks.sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.path, b.path));
}
async function readRunbook(absolutePath, relative, realRoot, problems, resolve) {
    const problem = (message) => {
        problems.push({ path: relative, message });
        return undefined;
    };
    if (relative === '..' || relative.startsWith('../') || external_node_path_default().isAbsolute(relative)) {
        return problem('is outside the workspace; runbook patterns are relative to the workspace and stay inside it');
    }
    let real;
    try {
        real = await resolve(absolutePath);
    }
    catch {
        return problem('cannot be resolved (a broken symbolic link?)');
    }
    if (!discover_isInside(realRoot, real)) {
        return problem(`resolves to ${real}, outside the workspace; runbooks must be files of the repository`);
    }
    const info = await (0,promises_.stat)(real);
    if (info.isDirectory())
        return problem('is a directory; use a pattern that matches .ps1 files, such as dir/*.ps1');
    if (!info.isFile())
        return problem('is not a regular file');
    const extension = external_node_path_default().extname(relative);
    if (extension.toLowerCase() !== '.ps1') {
        return problem(`is not a .ps1 file; only PowerShell runbooks are synced`);
    }
    if (info.size > MAX_RUNBOOK_BYTES * 4) {
        return problem(`is ${info.size} bytes; a runbook may have at most ${MAX_RUNBOOK_BYTES} bytes`);
    }
    const decoded = decodeText(await (0,promises_.readFile)(real));
    // Text never holds NUL (UTF-16 is decoded by now): a binary file gets a short message here
    // instead of a header-check finding that quotes thousands of NULs.
    const nul = decoded.text.indexOf('\u0000');
    if (nul >= 0) {
        return problem(`is not text: it holds a NUL character (at character ${nul + 1}); runbooks are PowerShell scripts`);
    }
    const size = Buffer.byteLength(decoded.text, 'utf8');
    if (size > MAX_RUNBOOK_BYTES) {
        return problem(`is ${size} bytes as UTF-8; a runbook may have at most ${MAX_RUNBOOK_BYTES} bytes`);
    }
    const name = external_node_path_default().basename(relative, extension);
    const nameProblem = runbookNameProblem(name);
    if (nameProblem !== undefined)
        return problem(nameProblem);
    const runbook = {
        name,
        path: relative,
        absolutePath,
        content: decoded.text,
        hash: contentHash(decoded.text),
        encoding: decoded.encoding,
    };
    if (decoded.note !== undefined)
        runbook.encodingNote = decoded.note;
    return runbook;
}

;// CONCATENATED MODULE: ./src/engine/types.ts
const silentLogger = { info: () => { }, warning: () => { }, debug: () => { } };
function kindRef(kind) {
    return { kind };
}
function outputRef(kind) {
    return { kind };
}
// Waits start small and grow (x1.1 for imports, x2 for replication), so that a short wait is
// seen over soon after it ends and a long one is not polled often: the sleep past completion
// stays a fraction of the time waited.
const DEFAULT_ENGINE_OPTIONS = {
    importTimeoutMs: 30 * 60_000,
    importPollInitialMs: 100,
    importPollMaxMs: 10_000,
    replicationTimeoutMs: 60_000,
    replicationInitialMs: 100,
};

;// CONCATENATED MODULE: ./src/kinds/names.ts
// Kind names as they appear in the plan (CONTRACT.md section 3).
const RESOURCE_GROUP = 'resource-group';
const USER_ASSIGNED_IDENTITY = 'user-assigned-identity';
const AUTOMATION_ACCOUNT = 'automation-account';
const RUNTIME_ENVIRONMENT = 'runtime-environment';
const PACKAGE = 'package';
const EXCHANGE_SERVICE_PRINCIPAL = 'exchange-service-principal';
const APP_ROLE_ASSIGNMENT = 'app-role-assignment';
const DIRECTORY_ROLE_ASSIGNMENT = 'directory-role-assignment';
/** Microsoft Graph application permissions of the identity (input graph-permissions, issue 18) */
const GRAPH_PERMISSIONS = 'graph-permissions';
/** reserved for src/kinds/runbook/kind.ts */
const RUNBOOK = 'runbook';
/** the config file's schedules (src/kinds/schedules.ts) */
const SCHEDULE = 'schedule';
/** the config file's runbook schedules: a runbook bound to a schedule with parameters (src/kinds/job-schedules.ts) */
const JOB_SCHEDULE = 'job-schedule';
/** Automation variables of the desired-state file (src/kinds/variables.ts, issue 17) */
const VARIABLE = 'variable';
/** resource-type vm: the VM's identity (src/kinds/vm/kind.ts) */
const VM = 'vm';
/** resource-type vm: ExchangeOnlineManagement on the VM through Run Command (src/kinds/vm/module.ts) */
const VM_MODULE = 'vm-module';
// Typed handles on the observations kinds read from each other (ctx.get(OBSERVED.x)); type-only
// imports, so this file stays free of import cycles.

const OBSERVED = {
    resourceGroups: kindRef(RESOURCE_GROUP),
    userAssignedIdentity: kindRef(USER_ASSIGNED_IDENTITY),
    account: kindRef(AUTOMATION_ACCOUNT),
    runtimeEnvironments: kindRef(RUNTIME_ENVIRONMENT),
    exchangeSp: kindRef(EXCHANGE_SERVICE_PRINCIPAL),
    vm: kindRef(VM),
    schedules: kindRef(SCHEDULE),
};
const OUTPUTS = {
    userAssignedIdentity: outputRef(USER_ASSIGNED_IDENTITY),
    account: outputRef(AUTOMATION_ACCOUNT),
    vm: outputRef(VM),
    exchangeSp: outputRef(EXCHANGE_SERVICE_PRINCIPAL),
};

;// CONCATENATED MODULE: ./src/clients/automation.ts
const AUTOMATION_API_VERSION = '2024-10-23';
function accountPath(ref) {
    return (`/subscriptions/${ref.subscriptionId}/resourceGroups/${encodeURIComponent(ref.resourceGroup)}` +
        `/providers/Microsoft.Automation/automationAccounts/${encodeURIComponent(ref.account)}`);
}
const V = AUTOMATION_API_VERSION;
const seg = encodeURIComponent;
class AutomationClient {
    arm;
    constructor(arm) {
        this.arm = arm;
    }
    getAccount(ref) {
        return this.arm.get(accountPath(ref), V);
    }
    listRuntimeEnvironments(ref) {
        return this.arm.list(`${accountPath(ref)}/runtimeEnvironments`, V);
    }
    listPackages(ref, environment) {
        return this.arm.list(`${accountPath(ref)}/runtimeEnvironments/${seg(environment)}/packages`, V);
    }
    getRuntimeEnvironment(ref, name) {
        return this.arm.get(`${accountPath(ref)}/runtimeEnvironments/${seg(name)}`, V);
    }
    getPackage(ref, environment, name) {
        return this.arm.get(`${accountPath(ref)}/runtimeEnvironments/${seg(environment)}/packages/${seg(name)}`, V);
    }
    getRunbook(ref, name) {
        return this.arm.get(`${accountPath(ref)}/runbooks/${seg(name)}`, V);
    }
    listRunbooks(ref) {
        return this.arm.list(`${accountPath(ref)}/runbooks`, V);
    }
    /** the published script (text/powershell); undefined when there is none (404) */
    getRunbookContent(ref, name) {
        return this.arm.getText(`${accountPath(ref)}/runbooks/${seg(name)}/content`, V);
    }
    /** the draft script (text/powershell); undefined when there is none (404) */
    getRunbookDraftContent(ref, name) {
        return this.arm.getText(`${accountPath(ref)}/runbooks/${seg(name)}/draft/content`, V);
    }
    /** every page (nextLink ...&$skip=100) */
    listSchedules(ref) {
        return this.arm.list(`${accountPath(ref)}/schedules`, V);
    }
    /** every page, one list per run (no per-object reads) */
    listJobSchedules(ref) {
        return this.arm.list(`${accountPath(ref)}/jobSchedules`, V);
    }
    // ---- writes (only WriteClients expose these in their type) ----
    /** Schedule_CreateOrUpdate: 201 / 200 */
    putSchedule(ref, name, body) {
        return this.arm.put(`${accountPath(ref)}/schedules/${seg(name)}`, V, body);
    }
    /** Schedule_Update: description and isEnabled only */
    patchSchedule(ref, name, body) {
        return this.arm.patch(`${accountPath(ref)}/schedules/${seg(name)}`, V, body);
    }
    deleteSchedule(ref, name) {
        return this.arm.delete(`${accountPath(ref)}/schedules/${seg(name)}`, V);
    }
    /** JobSchedule_Create: 201 only, a client-chosen GUID; no PATCH */
    putJobSchedule(ref, id, body) {
        return this.arm.put(`${accountPath(ref)}/jobSchedules/${seg(id)}`, V, body);
    }
    deleteJobSchedule(ref, id) {
        return this.arm.delete(`${accountPath(ref)}/jobSchedules/${seg(id)}`, V);
    }
    putAccount(ref, body) {
        return this.arm.put(accountPath(ref), V, body);
    }
    patchAccount(ref, body) {
        return this.arm.patch(accountPath(ref), V, body);
    }
    putRuntimeEnvironment(ref, name, body) {
        return this.arm.put(`${accountPath(ref)}/runtimeEnvironments/${seg(name)}`, V, body);
    }
    putPackage(ref, environment, name, body) {
        return this.arm.put(`${accountPath(ref)}/runtimeEnvironments/${seg(environment)}/packages/${seg(name)}`, V, body);
    }
    deletePackage(ref, environment, name) {
        return this.arm.delete(`${accountPath(ref)}/runtimeEnvironments/${seg(environment)}/packages/${seg(name)}`, V);
    }
    putRunbook(ref, name, body) {
        return this.arm.put(`${accountPath(ref)}/runbooks/${seg(name)}`, V, body);
    }
    /** Runbook_Update: tags (replaced whole) and a few properties */
    patchRunbook(ref, name, body) {
        return this.arm.patch(`${accountPath(ref)}/runbooks/${seg(name)}`, V, body);
    }
    /** text/powershell body; 202 + Location, polled by core-lro */
    uploadDraftContent(ref, name, script) {
        return this.arm.lro('PUT', `${accountPath(ref)}/runbooks/${seg(name)}/draft/content`, V, script, 'text/powershell');
    }
    /** POST, 202 + Location, polled by core-lro */
    publishRunbook(ref, name) {
        return this.arm.lro('POST', `${accountPath(ref)}/runbooks/${seg(name)}/publish`, V);
    }
    deleteRunbook(ref, name) {
        return this.arm.delete(`${accountPath(ref)}/runbooks/${seg(name)}`, V);
    }
    // ---- variables (variable.json; PUT 200/201, PATCH value/description, DELETE 200) ----
    listVariables(ref) {
        return this.arm.list(`${accountPath(ref)}/variables`, V);
    }
    putVariable(ref, name, body) {
        return this.arm.put(`${accountPath(ref)}/variables/${seg(name)}`, V, body);
    }
    patchVariable(ref, name, body) {
        return this.arm.patch(`${accountPath(ref)}/variables/${seg(name)}`, V, body);
    }
    deleteVariable(ref, name) {
        return this.arm.delete(`${accountPath(ref)}/variables/${seg(name)}`, V);
    }
    // ---- test jobs of a runbook's draft (smoke test; added by the smoke-test helper) ----
    /** body `{parameters?, runOn?, runtimeEnvironment?}` (flat, no `properties`); 201, then poll getTestJob */
    putTestJob(ref, runbook, body) {
        return this.arm.put(`${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob`, V, body);
    }
    getTestJob(ref, runbook) {
        return this.arm.get(`${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob`, V);
    }
    /** summaries only; read each record's text with getTestJobStream */
    listTestJobStreams(ref, runbook) {
        return this.arm.list(`${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob/streams`, V);
    }
    getTestJobStream(ref, runbook, streamId) {
        return this.arm.get(`${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob/streams/${seg(streamId)}`, V);
    }
    /** POST, 200 */
    stopTestJob(ref, runbook) {
        return this.arm.lro('POST', `${accountPath(ref)}/runbooks/${seg(runbook)}/draft/testJob/stop`, V);
    }
}
/** ARM reads used by the engine beyond Automation (resource groups). */
const RESOURCES_API_VERSION = '2025-04-01';
function resourceGroupPath(subscriptionId, name) {
    return `/subscriptions/${subscriptionId}/resourcegroups/${encodeURIComponent(name)}`;
}

;// CONCATENATED MODULE: ./src/kinds/resource-group.ts
// Resource groups: the account's and (user-assigned) the identity's. Created when missing.



/** Whether the observation saw group `name` (names compare case-insensitively, as in ARM). */
function groupExists(groups, name) {
    return groups.find((g) => g.name.toLowerCase() === name.toLowerCase())?.exists ?? false;
}
/** One create per missing group; absence without create-missing or a location is a clear error. */
function diffResourceGroups(desired, observed) {
    const problems = [];
    const changes = [];
    for (const rg of observed) {
        if (rg.exists)
            continue;
        if (!desired.createMissing) {
            problems.push(`resource group "${rg.name}" does not exist in subscription ${desired.subscriptionId} and \`create-missing\` is false: create it, or set \`create-missing: true\` with a \`location\``);
        }
        else if (!desired.location) {
            problems.push(`resource group "${rg.name}" must be created: set the \`location\` input (an Azure region such as westeurope)`);
        }
        else {
            changes.push({
                kind: RESOURCE_GROUP,
                name: rg.name,
                action: 'create',
                reason: `missing; location ${desired.location}`,
                after: { location: desired.location },
                data: { location: desired.location },
            });
        }
    }
    if (problems.length)
        throw new src_errors/* ConfigError */.xL(problems);
    return changes;
}
const resourceGroupKind = {
    kind: RESOURCE_GROUP,
    dependsOn: () => [],
    permissions: {
        armWrite: (_c, at) => [
            { scope: at.subscription, action: 'Microsoft.Resources/subscriptions/resourceGroups/write' },
        ],
    },
    async observe(ctx) {
        const { desired, clients } = ctx;
        return Promise.all(desired.resourceGroups.map(async (name) => {
            const rg = await clients.arm.get(resourceGroupPath(desired.subscriptionId, name), RESOURCES_API_VERSION);
            return { name, exists: rg !== undefined, location: rg?.location };
        }));
    },
    diff: diffResourceGroups,
    async apply(change, ctx) {
        const { location } = change.data;
        await ctx.clients.arm.put(resourceGroupPath(ctx.desired.subscriptionId, change.name), RESOURCES_API_VERSION, {
            location,
        });
    },
};

;// CONCATENATED MODULE: ./src/kinds/identity-needs.ts
/** The resource group of the user-assigned identity (the holder's when system-assigned). */
function identityGroup(desired) {
    return desired.identity.type === 'user-assigned' ? desired.identity.resourceGroup : desired.resourceGroup;
}
/** Writing the holder; attaching a user-assigned identity also needs its assign action. */
function holderNeeds(at, writeAction) {
    const needs = [{ scope: at.scopeOf(at.desired.resourceGroup), action: writeAction }];
    if (at.desired.identity.type === 'user-assigned') {
        needs.push({
            scope: at.scopeOf(identityGroup(at.desired)),
            action: 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
        });
    }
    return needs;
}

// EXTERNAL MODULE: ./src/log/heartbeat.ts
var heartbeat = __webpack_require__(9022);
;// CONCATENATED MODULE: ./src/kinds/principal.ts
// The identity's service principal object id (principalId), from whichever resource owns it,
// and the bounded wait for Entra to replicate a new principal to Graph.





/** The kind whose observation yields the principal. */
function identityKindOf(desired) {
    if (desired.identity.type !== 'system-assigned')
        return USER_ASSIGNED_IDENTITY;
    return desired.resourceType === 'vm' ? VM : AUTOMATION_ACCOUNT;
}
/** The identity's outputs, from whichever kind holds it. */
function identityOutputs(desired) {
    return outputRef(identityKindOf(desired));
}
/**
 * A system-assigned identity's client id: the appId of its service principal. Started at once
 * (observation: the principal exists; a failure surfaces where the report awaits it).
 */
function clientIdOf(graph, principalId) {
    const read = unlessNotReplicated(graph.getServicePrincipal(principalId), undefined).then((sp) => sp?.appId);
    read.catch(() => { }); // awaited by the report; never an unhandled rejection meanwhile
    return read;
}
/**
 * The client id of a system-assigned identity this run made: read once asked (by the report,
 * after the other changes), waiting within the replication bound for Entra to show it.
 */
function clientIdOnceReplicated(ctx, principalId) {
    let read;
    return {
        then(onFulfilled, onRejected) {
            read ??= withReplicationRetry(ctx, "read the new identity's client id", async () => {
                const sp = await ctx.clients.graph.getServicePrincipal(principalId);
                if (!sp)
                    throw notYetVisible();
                return sp.appId;
            }).catch((e) => (isNotReplicated(e) ? undefined : Promise.reject(e)));
            return read.then(onFulfilled, onRejected);
        },
    };
}
/** Graph answers 404 for a principal it does not see yet (getServicePrincipal maps it to undefined). */
function notYetVisible() {
    return new src_errors/* AzureError */.M6({
        service: 'Graph',
        status: 404,
        code: 'Request_ResourceNotFound',
        message: "The new identity's service principal is not visible in Microsoft Graph yet.",
    });
}
async function observedPrincipalId(ctx) {
    if (ctx.desired.identity.type === 'user-assigned') {
        const { identity } = await ctx.get(OBSERVED.userAssignedIdentity);
        return identity?.principalId;
    }
    const identity = ctx.desired.resourceType === 'vm'
        ? (await ctx.get(OBSERVED.vm)).vm?.identity
        : (await ctx.get(OBSERVED.account)).account?.identity;
    return hasSystem(identity) ? identity?.principalId : undefined;
}
/**
 * Graph's ways of saying "this principal does not exist (yet)". An app role grant to a managed
 * identity created moments before answers 400 Request_BadRequest "Not a valid reference update."
 * until Entra has replicated it (microsoftgraph/msgraph-bicep-types issue 193; Microsoft's own
 * setup scripts retry it: "Configuration changes haven't propagated").
 */
function isNotReplicated(err) {
    if (!(err instanceof src_errors/* AzureError */.M6))
        return false;
    if (err.status === 404 || err.code === 'Request_ResourceNotFound')
        return true;
    // A principal or resource SP that has not replicated yet is "invalid" to Graph for a while
    // (an app role missing from the resource, "not found on application", is not replication).
    return (err.status === 400 &&
        /not a valid reference update|does not exist|not found(?! on application)|invalid principal|property '(principalId|resourceId)'/i.test(err.serviceMessage));
}
/** A Graph read about a principal, or `absent` while Graph does not see the principal yet. */
async function unlessNotReplicated(read, absent) {
    try {
        return await read;
    }
    catch (e) {
        if (isNotReplicated(e))
            return absent;
        throw e;
    }
}
/** Retry `fn` while Graph does not see a new principal yet, with bounded backoff. */
async function withReplicationRetry(ctx, what, fn) {
    const deadline = Date.now() + ctx.options.replicationTimeoutMs;
    let delay = ctx.options.replicationInitialMs;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (e) {
            if (!isNotReplicated(e) || Date.now() + delay > deadline)
                throw e;
            (0,heartbeat/* heartbeatState */.Sc)(`Entra has not replicated the new principal yet (attempt ${attempt})`);
            ctx.log.debug(`${what}: Graph does not see the principal yet; retrying in ${delay} ms`);
            await new Promise((r) => setTimeout(r, delay));
            delay = Math.min(delay * 2, 8000);
        }
    }
}
function requirePrincipal(ctx) {
    const id = ctx.output(identityOutputs(ctx.desired))?.principalId;
    if (!id) {
        throw new src_errors/* AzureError */.M6({
            service: 'ARM',
            status: 0,
            code: 'IdentityMissing',
            message: 'The managed identity has no principal id after it was created; re-run the workflow.',
        });
    }
    return id;
}

;// CONCATENATED MODULE: ./src/kinds/identity-holder.ts

/** Whether an account's or VM's identity includes the system-assigned one. */
function hasSystem(identity) {
    return /systemassigned/i.test(identity?.type ?? '');
}
/** The system identity's client id read beside the observation (undefined: nothing to read). */
function observeClientId(graph, desired, identity) {
    if (desired.identity.type !== 'system-assigned' || !hasSystem(identity) || !identity?.principalId)
        return undefined;
    return clientIdOf(graph, identity.principalId);
}
/** As observed. For user-assigned the identity's ids come from the identity resource itself. */
function holderOutputs(holder, clientId, desired) {
    if (!holder)
        return {};
    if (desired.identity.type !== 'system-assigned' || !hasSystem(holder.identity))
        return { location: holder.location };
    return { location: holder.location, principalId: holder.identity?.principalId, clientId };
}
/** What a PUT or PATCH of the holder made: a new system identity has new ids (its client id once Entra shows it). */
function createdHolderOutputs(ctx, location, identity) {
    const out = location ? { location } : {};
    if (ctx.desired.identity.type !== 'system-assigned')
        return out;
    const principalId = identity?.principalId;
    return { ...out, principalId, clientId: principalId ? clientIdOnceReplicated(ctx, principalId) : undefined };
}

;// CONCATENATED MODULE: ./src/kinds/automation-account.ts





function accountRef(desired) {
    return { subscriptionId: desired.subscriptionId, resourceGroup: desired.resourceGroup, account: desired.accountName };
}
function userIds(identity) {
    if (!/userassigned/i.test(identity?.type ?? ''))
        return [];
    return Object.keys(identity?.userAssignedIdentities ?? {});
}
/** Whether the account's identity already carries what the action wants. */
function identitySatisfied(desired, identity) {
    if (desired.identity.type === 'system-assigned')
        return hasSystem(identity);
    const want = desired.identity.resourceId.toLowerCase();
    return userIds(identity).some((id) => id.toLowerCase() === want);
}
/** Existing identities plus the wanted one, as one body. Pure. */
function combinedIdentity(desired, existing) {
    const system = hasSystem(existing) || desired.identity.type === 'system-assigned';
    const ids = userIds(existing);
    if (desired.identity.type === 'user-assigned' && !identitySatisfied(desired, existing)) {
        ids.push(desired.identity.resourceId);
    }
    const types = [system ? 'SystemAssigned' : '', ids.length ? 'UserAssigned' : ''].filter(Boolean);
    const body = { type: types.join(', ') || 'None' };
    if (ids.length)
        body.userAssignedIdentities = Object.fromEntries(ids.map((id) => [id, {}]));
    return body;
}
function describeIdentity(desired) {
    return desired.identity.type === 'system-assigned'
        ? 'a system-assigned identity'
        : `user-assigned identity ${desired.identity.name}`;
}
function diffAccount(desired, observed) {
    const { account } = observed;
    if (!account) {
        if (!desired.createMissing) {
            throw new src_errors/* ConfigError */.xL([
                `Automation account "${desired.accountName}" does not exist in resource group "${desired.resourceGroup}" and \`create-missing\` is false: create it, or set \`create-missing: true\` with a \`location\``,
            ]);
        }
        if (!desired.location) {
            throw new src_errors/* ConfigError */.xL([
                `Automation account "${desired.accountName}" must be created: set the \`location\` input (an Azure region such as westeurope)`,
            ]);
        }
        const identity = combinedIdentity(desired, undefined);
        return [
            {
                kind: AUTOMATION_ACCOUNT,
                name: desired.accountName,
                action: 'create',
                reason: `missing; with ${describeIdentity(desired)}`,
                after: { location: desired.location, identity },
                data: { location: desired.location, identity },
            },
        ];
    }
    if (identitySatisfied(desired, account.identity))
        return [];
    const identity = combinedIdentity(desired, account.identity);
    const disabled = !account.identity || /^none$/i.test(account.identity.type ?? 'None');
    return [
        {
            kind: AUTOMATION_ACCOUNT,
            name: desired.accountName,
            action: 'update',
            reason: desired.identity.type === 'system-assigned'
                ? `system-assigned identity ${disabled ? 'is disabled' : 'is missing'}; enable it (identity ${identity.type})`
                : `attach user-assigned identity ${desired.identity.name} (identity ${identity.type})`,
            before: { identity: account.identity?.type ?? 'None' },
            after: { identity },
            data: { identity },
        },
    ];
}
const automationAccountKind = {
    kind: AUTOMATION_ACCOUNT,
    dependsOn: (d) => (d.identity.type === 'user-assigned' ? [RESOURCE_GROUP, USER_ASSIGNED_IDENTITY] : [RESOURCE_GROUP]),
    permissions: {
        armRead: (at) => [
            { scope: at.scopeOf(at.desired.resourceGroup), action: 'Microsoft.Automation/automationAccounts/read' },
        ],
        armWrite: (_c, at) => holderNeeds(at, 'Microsoft.Automation/automationAccounts/write'),
    },
    async observe(ctx) {
        // Read at once, not after the group: under a missing group ARM answers 404, which costs a
        // request but no round trip, while the common case (all exists) saves one.
        const [groups, account] = await Promise.all([
            ctx.get(OBSERVED.resourceGroups),
            ctx.clients.automation.getAccount(accountRef(ctx.desired)),
        ]);
        if (!groupExists(groups, ctx.desired.resourceGroup))
            return {};
        return { account, clientId: observeClientId(ctx.clients.graph, ctx.desired, account?.identity) };
    },
    outputs: (observed, desired) => holderOutputs(observed.account, observed.clientId, desired),
    diff: diffAccount,
    async apply(change, ctx) {
        const ref = accountRef(ctx.desired);
        const { identity, location } = change.data;
        const result = change.action === 'create'
            ? await ctx.clients.automation.putAccount(ref, {
                location,
                identity,
                properties: { sku: { name: 'Basic' } },
            })
            : await ctx.clients.automation.patchAccount(ref, { identity });
        return createdHolderOutputs(ctx, result?.location ?? location, result?.identity);
    },
};

;// CONCATENATED MODULE: ./src/kinds/tags.ts
// Azure resource tags: names compare case-insensitively (a tag set by hand may differ in case).
/** The value of tag `name`, whatever the letter case of its name on the resource. */
function tagValue(tags, name) {
    const wanted = name.toLowerCase();
    return Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === wanted)?.[1];
}

;// CONCATENATED MODULE: ./src/kinds/runbook/content-delta.ts
// What a content change amounts to, for the plan: sizes and the changed line range. Pure.
// Hashes alone tell a reviewer nothing; this says how big the change is and where to look.
const lines = (s) => s
    .replace(/^\uFEFF/u, '')
    .replace(/\r\n?/gu, '\n')
    .split('\n');
/** The lines between the common prefix and the common suffix of the two texts. */
function contentDelta(oldText, newText) {
    const a = lines(oldText);
    const b = lines(newText);
    let prefix = 0;
    while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix])
        prefix++;
    let suffix = 0;
    while (suffix < a.length - prefix &&
        suffix < b.length - prefix &&
        a[a.length - 1 - suffix] === b[b.length - 1 - suffix])
        suffix++;
    return {
        oldBytes: Buffer.byteLength(oldText, 'utf8'),
        newBytes: Buffer.byteLength(newText, 'utf8'),
        firstLine: prefix + 1,
        lastLine: b.length - suffix,
        removedLines: a.length - prefix - suffix,
        addedLines: b.length - prefix - suffix,
    };
}
/** `1,204 -> 1,350 bytes, lines 12-15 changed (3 removed, 4 added)`. */
function describeDelta(d) {
    const n = (x) => x.toLocaleString('en-US');
    const size = `${n(d.oldBytes)} -> ${n(d.newBytes)} bytes`;
    if (d.removedLines === 0 && d.addedLines === 0)
        return `${size}, same lines (encoding or line endings differ)`;
    const where = d.addedLines === 0
        ? `lines removed after line ${d.firstLine - 1}`
        : d.firstLine === d.lastLine
            ? `line ${d.firstLine} changed`
            : `lines ${d.firstLine}-${d.lastLine} changed`;
    return `${size}, ${where} (${d.removedLines} removed, ${d.addedLines} added)`;
}

;// CONCATENATED MODULE: ./src/kinds/runbook/diff.ts
// The pure half of the runbook kind: what the list of an account's runbooks says, which runbooks
// need their content read, and the changes that bring the account in line with the repository.
// No I/O here; src/kinds/runbook/kind.ts observes and applies.





/**
 * How much later than our `synced` tag a runbook's lastModifiedTime may be and still count as our
 * own write: the tag is stamped just before the last PUT, by the runner's clock. Too small costs
 * only a content read per run (never a write); too large hides an edit made right after a sync.
 */
const SYNC_SKEW_MS = 60_000;
function toObserved(listed) {
    const p = listed.properties ?? {};
    return {
        name: listed.name,
        location: listed.location,
        tags: listed.tags ?? {},
        runbookType: p.runbookType,
        runtimeEnvironment: p.runtimeEnvironment,
        state: p.state,
        lastModifiedTime: p.lastModifiedTime,
        settings: Object.fromEntries(['description', 'logVerbose', 'logProgress', 'logActivityTrace']
            .filter((k) => p[k] !== undefined && p[k] !== null)
            .map((k) => [k, p[k]])),
    };
}
const OUR_TAGS = new Set([TAG_MANAGED, TAG_SHA256, TAG_PATH, TAG_SYNCED]);
/** Tags that are not this action's (tag names compare case-insensitively). */
function otherTags(tags) {
    return Object.fromEntries(Object.entries(tags).filter(([k]) => !OUR_TAGS.has(k.toLowerCase())));
}
const sameName = (a, b) => a.toLowerCase() === b.toLowerCase();
const diff_short = (hash) => (hash ? `${hash.slice(0, 12)}…` : 'none');
/**
 * When a managed runbook was modified after our last sync (later than the `synced` tag plus the
 * skew): the lastModifiedTime, else undefined. A managed runbook without a readable `synced` tag
 * counts as modified, so that its content is checked rather than trusted.
 */
function editedOutsideAt(runbook, skewMs = SYNC_SKEW_MS) {
    const modified = Date.parse(runbook.lastModifiedTime ?? '');
    if (Number.isNaN(modified))
        return undefined;
    const synced = Date.parse(tagValue(runbook.tags, TAG_SYNCED) ?? '');
    if (Number.isNaN(synced) || modified > synced + skewMs)
        return runbook.lastModifiedTime;
    return undefined;
}
/** Which content of the runbook observe must read (published or draft), or undefined: none. */
function contentToRead(desired, runbook, skewMs = SYNC_SKEW_MS) {
    const item = desired.items.find((i) => sameName(i.name, runbook.name));
    if (item === undefined)
        return undefined;
    const source = desired.publish ? 'published' : 'draft';
    // not ours: only its content tells whether it must be replaced
    if (!isManaged(runbook.tags))
        return source;
    // a different hash is replaced anyway; its content is read once so the plan can say what
    // changed (sizes, lines), not only two hashes. Only changed runbooks: a no-op reads none.
    const tagged = taggedHash(runbook.tags)?.toLowerCase();
    if (tagged !== undefined && tagged !== item.hash)
        return source;
    if (tagged !== item.hash)
        return undefined;
    return editedOutsideAt(runbook, skewMs) !== undefined ? source : undefined;
}
/** Same script, ignoring a byte order mark and CRLF/LF differences (the service may normalise them). */
function sameContent(a, b) {
    const norm = (s) => s.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
    return norm(a) === norm(b);
}
/** PowerShell types the sync can update in place (Automation reports 7.x ones as PowerShell72). */
const POWERSHELL_TYPE = /^powershell(7\d*)?$/iu;
function createChange(desired, item) {
    const data = {
        create: true,
        upload: true,
        publish: desired.publish,
        finalPut: true,
        delete: false,
        item,
        runtimeEnvironment: desired.runtimeEnvironment,
        otherTags: {},
        settings: {},
    };
    return {
        kind: RUNBOOK,
        name: item.name,
        action: 'create',
        reason: `missing; upload ${item.path} (sha256 ${diff_short(item.hash)}), bind to ${desired.runtimeEnvironment}` +
            (desired.publish ? ', publish' : ', leave as draft (publish-runbooks is false)'),
        after: {
            path: item.path,
            sha256: item.hash,
            runtimeEnvironment: desired.runtimeEnvironment,
            upload: true,
            publish: desired.publish,
        },
        data,
    };
}
/** Why the content of a runbook this action made must be uploaded again, if it must. */
function managedContentReason(item, rb, oldHash) {
    if (oldHash === undefined)
        return `no content hash tag (an earlier upload did not finish); uploading ${item.path}`;
    if (oldHash !== item.hash) {
        const delta = rb.content?.text !== undefined ? `; ${describeDelta(contentDelta(rb.content.text, item.content))}` : '';
        return `content changed (sha256 ${diff_short(oldHash)} -> ${diff_short(item.hash)}${delta})`;
    }
    if (rb.content !== undefined && (rb.content.text === undefined || !sameContent(rb.content.text, item.content))) {
        const synced = tagValue(rb.tags, TAG_SYNCED);
        return (`edited outside the action at ${rb.lastModifiedTime ?? 'an unknown time'}` +
            (synced ? ` (last synced ${synced})` : '') +
            `; restoring ${item.path}`);
    }
    return undefined;
}
/** Why a same-named runbook this action did not make is replaced: its content (read in observe) differs. */
function adoptedContentReason(item, rb) {
    if (rb.content?.text !== undefined && sameContent(rb.content.text, item.content))
        return undefined;
    return (`exists but was not created by this action and its ${rb.content?.source ?? 'published'} content differs from ${item.path}: ` +
        'replacing it and tagging it as managed by exo-automation');
}
/** The update of an existing runbook (ours or same-named), or undefined when it is in line. */
function updateChange(desired, item, rb) {
    const managed = isManaged(rb.tags);
    const oldHash = taggedHash(rb.tags)?.toLowerCase();
    const contentReason = managed ? managedContentReason(item, rb, oldHash) : adoptedContentReason(item, rb);
    const reasons = contentReason ? [contentReason] : [];
    const contentDiffers = contentReason !== undefined;
    const publish = desired.publish && rb.state?.toLowerCase() !== 'published';
    if (publish && !contentDiffers)
        reasons.push(`state is ${rb.state ?? 'unknown'}, not Published`);
    const rebind = !sameName(rb.runtimeEnvironment ?? '', desired.runtimeEnvironment);
    if (rebind)
        reasons.push(`bound to ${desired.runtimeEnvironment}, was ${rb.runtimeEnvironment || 'no runtime environment'}`);
    if (reasons.length === 0)
        return undefined;
    if (!managed && !contentDiffers) {
        reasons.unshift(`exists but was not created by this action (same content as ${item.path}); adopting it and tagging it as managed`);
    }
    // Publishing always re-uploads first: a draft in Edit may hold someone else's unpublished text.
    const upload = contentDiffers || publish;
    const data = {
        create: false,
        upload,
        publish: upload && desired.publish,
        finalPut: true,
        delete: false,
        item,
        runtimeEnvironment: desired.runtimeEnvironment,
        otherTags: otherTags(rb.tags),
        location: rb.location,
        settings: rb.settings ?? {},
    };
    return {
        kind: RUNBOOK,
        name: rb.name,
        action: 'update',
        reason: reasons.join('; '),
        before: {
            sha256: oldHash,
            runtimeEnvironment: rb.runtimeEnvironment,
            state: rb.state,
            managed,
        },
        after: {
            path: item.path,
            sha256: item.hash,
            runtimeEnvironment: desired.runtimeEnvironment,
            upload: data.upload,
            publish: data.publish,
        },
        data,
    };
}
/**
 * The changes for the runbooks: create what is missing, update what differs (content, state,
 * runtime binding), and with prune delete runbooks that carry our ownership tag and whose file
 * is gone. A runbook without the ownership tag is never deleted. Throws ConfigError when a
 * repository runbook's name is taken by a runbook of another type (Python, workflow, graphical).
 */
function diffRunbooks(desired, observed) {
    const changes = [];
    const problems = [];
    for (const item of desired.items) {
        const rb = observed.runbooks.find((r) => sameName(r.name, item.name));
        if (rb === undefined) {
            changes.push(createChange(desired, item));
            continue;
        }
        if (rb.runbookType !== undefined && !POWERSHELL_TYPE.test(rb.runbookType)) {
            problems.push(`${item.path}: the Automation account already has a ${rb.runbookType} runbook named "${rb.name}"; ` +
                'only PowerShell runbooks are synced. Rename the file or remove that runbook');
            continue;
        }
        const change = updateChange(desired, item, rb);
        if (change !== undefined)
            changes.push(change);
    }
    if (problems.length > 0)
        throw new src_errors/* ConfigError */.xL(problems);
    if (desired.prune) {
        for (const rb of observed.runbooks) {
            if (!isManaged(rb.tags) || desired.items.some((i) => sameName(i.name, rb.name)))
                continue;
            const path = tagValue(rb.tags, TAG_PATH);
            const data = {
                create: false,
                upload: false,
                publish: false,
                finalPut: false,
                delete: true,
                runtimeEnvironment: desired.runtimeEnvironment,
                otherTags: {},
                settings: {},
            };
            changes.push({
                kind: RUNBOOK,
                name: rb.name,
                action: 'delete',
                reason: `created by this action from ${path ?? 'a file'}, which is no longer in the repository (prune-runbooks)`,
                before: { path, sha256: taggedHash(rb.tags) },
                data,
            });
        }
    }
    return changes;
}

// EXTERNAL MODULE: ./src/compat.ts
var compat = __webpack_require__(5997);
;// CONCATENATED MODULE: ./src/engine/desired.ts
// Inputs (+ gallery versions for 'latest') -> the desired state. Pure.


const EXO_MODULE = 'ExchangeOnlineManagement';
function userAssignedIdentityId(inputs) {
    return (`/subscriptions/${inputs.subscriptionId}/resourceGroups/${inputs.identityResourceGroup}` +
        `/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs.identityName}`);
}
/** The ExchangeOnlineManagement version for a runtime. */
function moduleVersionFor(runtime, inputs, gallery) {
    if (inputs.moduleVersion !== 'latest') {
        const why = (0,compat/* incompatibilityReason */.oG)(runtime, inputs.moduleVersion);
        if (why)
            throw new src_errors/* ConfigError */.xL([`module-version: ${why}`]);
        return inputs.moduleVersion;
    }
    const ga = (gallery ?? []).filter((v) => !v.prerelease).map((v) => v.version);
    const v = (0,compat/* resolveLatest */.iK)(runtime, ga);
    if (!v) {
        throw new src_errors/* ConfigError */.xL([
            `module-version: no release of ${EXO_MODULE} in \`gallery-endpoint\` runs on PowerShell ${runtime} (found ${ga.length} releases)`,
        ]);
    }
    return v;
}
/**
 * The one ExchangeOnlineManagement version installed on a VM: the oldest of the versions each
 * listed runtime resolves to, so that it runs under every one of them (7.4 stops at 3.9.x).
 */
function vmModuleVersion(inputs, gallery) {
    const versions = inputs.runtimeVersions.map((rt) => moduleVersionFor(rt, inputs, gallery));
    return versions.sort(compat/* compareVersions */.Zy)[0];
}
/** The fields every kind shares (each kind adds its own part: src/engine/desire.ts). */
function sharedDesired(inputs) {
    const vm = inputs.resourceType === 'vm';
    if (vm ? !inputs.vmName : inputs.resourceType !== 'automation-account' || !inputs.automationAccount) {
        throw new src_errors/* ConfigError */.xL([
            vm
                ? 'vm-name: required when resource-type is vm'
                : 'resource-type: the reconcile engine handles `automation-account` (with `automation-account` set) and `vm` (with `vm-name` set)',
        ]);
    }
    const userAssigned = inputs.identityType === 'user-assigned';
    if (userAssigned && !inputs.identityName) {
        throw new src_errors/* ConfigError */.xL(['identity-name: required when identity-type is user-assigned']);
    }
    const groups = [inputs.resourceGroup];
    if (userAssigned && inputs.identityResourceGroup.toLowerCase() !== inputs.resourceGroup.toLowerCase()) {
        groups.push(inputs.identityResourceGroup);
    }
    return {
        inputs,
        subscriptionId: inputs.subscriptionId,
        resourceType: inputs.resourceType,
        resourceGroup: inputs.resourceGroup,
        resourceGroups: groups,
        location: inputs.location,
        createMissing: inputs.createMissing,
        accountName: inputs.automationAccount ?? '',
        identity: userAssigned
            ? {
                type: 'user-assigned',
                name: inputs.identityName,
                resourceGroup: inputs.identityResourceGroup,
                resourceId: userAssignedIdentityId(inputs),
            }
            : { type: 'system-assigned' },
    };
}

;// CONCATENATED MODULE: ./src/kinds/runtime-environments.ts





/** Stable, valid runtime environment name for a runtime: letters, digits, '-' only. */
function runtimeEnvironmentName(runtime) {
    return `exo-pwsh-${runtime.replace('.', '-')}`;
}
/** Each runtime of runtime-versions: its environment, the packages it needs first, ExchangeOnlineManagement. */
function desiredRuntimes(inputs, gallery) {
    return inputs.runtimeVersions.map((runtime) => ({
        runtime,
        environment: runtimeEnvironmentName(runtime),
        packages: [
            ...(0,compat/* requiredPackages */.lW)(runtime).map((p) => ({
                name: p.name,
                version: p.version,
                ...(p.dependsOn ? { dependsOn: p.dependsOn } : {}),
            })),
            { name: EXO_MODULE, version: moduleVersionFor(runtime, inputs, gallery) },
        ],
    }));
}
function findEnvironment(envs, name) {
    return envs.find((e) => e.name.toLowerCase() === name.toLowerCase());
}
function modulesText(rt) {
    return rt.packages.map((p) => `${p.name} ${p.version}`).join(', ');
}
function diffRuntimeEnvironments(desired, observed) {
    const changes = [];
    for (const rt of desired.runtimes) {
        const env = findEnvironment(observed.environments, rt.environment);
        const after = { runtime: { language: 'PowerShell', version: rt.runtime } };
        if (!env) {
            changes.push({
                kind: RUNTIME_ENVIRONMENT,
                name: rt.environment,
                action: 'create',
                reason: `missing; PowerShell ${rt.runtime} with ${modulesText(rt)}`,
                after,
                data: after,
            });
            continue;
        }
        const runtime = env.properties?.runtime;
        if (!/^powershell$/i.test(runtime?.language ?? '') || runtime?.version !== rt.runtime) {
            changes.push({
                kind: RUNTIME_ENVIRONMENT,
                name: rt.environment,
                action: 'update',
                reason: `runtime is ${runtime?.language ?? '?'} ${runtime?.version ?? '?'}; want PowerShell ${rt.runtime}`,
                before: { runtime },
                after,
                data: after,
            });
        }
    }
    return changes;
}
const runtimeEnvironmentKind = {
    desire: ({ inputs, gallery }) => ({ runtimes: desiredRuntimes(inputs, gallery) }),
    kind: RUNTIME_ENVIRONMENT,
    dependsOn: () => [AUTOMATION_ACCOUNT],
    permissions: {
        armWrite: (_c, at) => [
            {
                scope: at.scopeOf(at.desired.resourceGroup),
                action: 'Microsoft.Automation/automationAccounts/runtimeEnvironments/write',
            },
        ],
    },
    async observe(ctx) {
        // Listed at once (404 = [] under a missing account): no round trip spent waiting for the account.
        const [{ account }, environments] = await Promise.all([
            ctx.get(OBSERVED.account),
            ctx.clients.automation.listRuntimeEnvironments(accountRef(ctx.desired)),
        ]);
        if (!account)
            return { accountExists: false, environments: [] };
        return { accountExists: true, environments };
    },
    diff: diffRuntimeEnvironments,
    async apply(change, ctx) {
        const { runtime } = change.data;
        // A PUT replaces the tags: an update keeps the environment's own (the `modules` ownership tag among them).
        const existing = change.action === 'update'
            ? await ctx.clients.automation.getRuntimeEnvironment(accountRef(ctx.desired), change.name)
            : undefined;
        try {
            await ctx.clients.automation.putRuntimeEnvironment(accountRef(ctx.desired), change.name, {
                ...(existing?.tags ? { tags: existing.tags } : {}),
                location: ctx.output(OUTPUTS.account)?.location ?? ctx.desired.location,
                properties: {
                    runtime,
                    description: `Exchange Online PowerShell ${runtime.version} (managed by exo-automation)`,
                },
            });
        }
        catch (e) {
            throw refusedRuntime(e, runtime.version);
        }
    },
};
/** A 400/422 on the PUT: Azure does not offer this runtime here; its own text plus the plain fix. */
function refusedRuntime(e, version) {
    const hint = (0,src_errors/* runtimeRefusedHint */._C)(version);
    if (!(e instanceof src_errors/* AzureError */.M6) || !hint || (e.status !== 400 && e.status !== 422))
        return e;
    return new src_errors/* AzureError */.M6({
        service: e.service,
        status: e.status,
        code: e.code,
        message: e.serviceMessage,
        hint,
        requestId: e.requestId,
    });
}

;// CONCATENATED MODULE: ./src/kinds/runbook/kind.ts
// The runbook kind: the repository's .ps1 files as PowerShell runbooks of the Automation account,
// bound to the runtime environment of `runbook-runtime` and published. Observation is one list
// of the account's runbooks; content is read only for runbooks the list cannot vouch for.
// The pure half (what to read, what to change, why) is runbooks-diff.ts.











/** Runbook content reads in flight at once, and where the adaptive bound on uploads starts. */
const RUNBOOK_PARALLELISM = 8;
/**
 * The uploads' ceiling when the subscription's write budget has room (see adaptive-limiter.ts).
 * An upload spends most of its ~2 s waiting for its two operations, so saturating a refill of
 * 100 writes/s (the bench's azure profile at time scale 0.1) takes ~55 uploads at once; the
 * budget, not this ceiling, is meant to be the limit.
 */
const RUNBOOK_MAX_PARALLELISM = 128;
/** ARM writes of one runbook upload: create PUT, draft content, publish, tag PUT. */
const WRITES_PER_RUNBOOK = 4;
/**
 * The header and cmdlet checks of every runbook, after the `header-check` input (warn
 * downgrades errors, off drops all). Findings with severity 'error' must stop the run before any
 * write; main turns each into an annotation with toAnnotation.
 */
function checkRunbooks(items, opts) {
    return items.flatMap((item) => (0,check/* applyHeaderCheck */.we)((0,check/* checkRunbook */.x0)(item.content, {
        organization: opts.organization,
        identityType: opts.identityType,
        clientId: opts.clientId,
        principalId: opts.principalId,
        exchangeEnvironment: opts.exchangeEnvironment,
        graphPermissions: opts.graphPermissions,
        fileName: item.path,
    }), opts.headerCheck));
}
/** A finding as one line: `path:line:column: message`. */
function findingText(f) {
    return `${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}: ${f.message}`;
}
/** The runbook part of the desired state, from the inputs and the discovered files. */
function desiredRunbooks(desired, items) {
    const { inputs } = desired;
    return {
        items,
        runtimeEnvironment: runtimeEnvironmentName(inputs.runbookRuntime),
        publish: inputs.publishRunbooks,
        prune: inputs.pruneRunbooks,
    };
}
/** The workspace the `runbooks` patterns are relative to. */
function runbookWorkspace() {
    return process.env.GITHUB_WORKSPACE || process.cwd();
}
/** The runbooks as listed, and the header check with the identity's ids (known once observed). */
async function observeRunbooks(ctx) {
    const [observed, ids] = await Promise.all([observeList(ctx), observedIds(ctx)]);
    const { inputs } = ctx.desired;
    const findings = checkRunbooks(observed.desired.items, {
        organization: inputs.organization,
        exchangeEnvironment: inputs.exchangeEnvironment,
        graphPermissions: inputs.graphPermissions,
        identityType: inputs.identityType,
        headerCheck: inputs.headerCheck,
        ...ids,
    });
    return { ...observed, findings };
}
/** A user-assigned identity's ids from its resource; a system-assigned one's principal from the account. */
async function observedIds(ctx) {
    const principalId = await observedPrincipalId(ctx);
    if (ctx.desired.identity.type !== 'user-assigned')
        return { principalId };
    return { principalId, clientId: (await ctx.get(OBSERVED.userAssignedIdentity)).identity?.clientId };
}
async function observeList(ctx) {
    const desired = ctx.desired.runbooks ??
        desiredRunbooks(ctx.desired, await discoverRunbooks(ctx.desired.inputs.runbooks, runbookWorkspace()));
    const ref = accountRef(ctx.desired);
    // Listed at once, beside the account's read (404 = [] under a missing account).
    const [{ account }, listed] = await Promise.all([
        ctx.get(OBSERVED.account),
        ctx.clients.automation.listRunbooks(ref),
    ]);
    if (!account)
        return { accountExists: false, runbooks: [], desired, findings: [] };
    const runbooks = listed.map(toObserved);
    // Per-runbook reads only where the list cannot tell: edited after our last sync, or not ours.
    const toRead = runbooks.flatMap((rb) => {
        const source = contentToRead(desired, rb);
        return source ? [{ rb, source }] : [];
    });
    const limiter = new Limiter(RUNBOOK_PARALLELISM);
    const automation = ctx.clients.automation;
    await Promise.all(toRead.map(({ rb, source }) => limiter.run(async () => {
        const text = source === 'draft'
            ? ((await automation.getRunbookDraftContent(ref, rb.name)) ??
                (await automation.getRunbookContent(ref, rb.name)))
            : await automation.getRunbookContent(ref, rb.name);
        rb.content = { source, text };
    })));
    if (toRead.length)
        ctx.log.debug(`runbooks: read the content of ${toRead.map((r) => r.rb.name).join(', ')}`);
    return { accountExists: true, runbooks, desired, findings: [] };
}
/** The PUT body: a PowerShell runbook on its runtime environment, keeping its own description and logging. */
function putBody(ctx, data, tags) {
    return {
        location: data.location ?? ctx.output(OUTPUTS.account)?.location ?? ctx.desired.location,
        tags,
        properties: { ...data.settings, runbookType: 'PowerShell', runtimeEnvironment: data.runtimeEnvironment, draft: {} },
    };
}
async function applyRunbook(change, ctx) {
    const { data } = change;
    const ref = accountRef(ctx.desired);
    const automation = ctx.clients.automation;
    if (data.delete) {
        await automation.deleteRunbook(ref, change.name);
        return;
    }
    const { item } = data;
    if (!item)
        throw new Error(`runbook ${change.name}: the change carries no repository file`);
    // Order matters for a run that stops half-way: the hash tag is written last, so that until
    // then the next run sees an old (or no) hash and uploads again; nothing is lost.
    if (data.create) {
        await automation.putRunbook(ref, change.name, putBody(ctx, data, {
            [TAG_MANAGED]: TAG_MANAGED_VALUE,
            [TAG_PATH]: truncateTagValue(item.path),
        }));
    }
    if (data.upload)
        await automation.uploadDraftContent(ref, change.name, item.content);
    if (data.publish)
        await automation.publishRunbook(ref, change.name);
    if (data.finalPut) {
        const tags = { ...data.otherTags, ...runbookTags({ hash: item.hash, path: item.path, synced: new Date() }) };
        await automation.putRunbook(ref, change.name, putBody(ctx, data, tags));
    }
}
const runbookKind = {
    kind: RUNBOOK,
    // after the account and the environments the runbooks are bound to; the identity for the header check
    dependsOn: (d) => d.identity.type === 'user-assigned'
        ? [AUTOMATION_ACCOUNT, RUNTIME_ENVIRONMENT, USER_ASSIGNED_IDENTITY]
        : [AUTOMATION_ACCOUNT, RUNTIME_ENVIRONMENT],
    enabled: (desired) => desired.runbooks !== undefined || desired.inputs.runbooks.length > 0,
    desire: ({ base, runbooks }) => runbooks && base.inputs.runbooks.length ? { runbooks: desiredRunbooks(base, runbooks) } : {},
    observe: observeRunbooks,
    notes: (observed) => ({ findings: observed.findings }),
    diff(desired, observed) {
        // A runbook that fails the header check stops the run here, before any write.
        const errors = observed.findings.filter((f) => f.severity === 'error');
        if (errors.length) {
            throw new src_errors/* ConfigError */.xL(errors.map((f) => `header-check: ${findingText(f)} (set \`header-check: warn\` to upload anyway)`), errors);
        }
        void desired; // observed.desired: desired.runbooks, or what observe discovered from the inputs
        return diffRunbooks(observed.desired, observed);
    },
    // a runbook waits for the environment it is bound to (not the others), never for another runbook
    needs: (change, other) => other.kind === RUNTIME_ENVIRONMENT
        ? other.name.toLowerCase() === change.data.runtimeEnvironment.toLowerCase()
        : other.kind !== RUNBOOK,
    // uploads in flight follow the subscription's write budget: 8 at first, halved on a 429
    pool: (ctx) => new AdaptiveLimiter({
        throttled: () => ctx.clients.pacer.throttled.writes,
        room: () => ctx.clients.pacer.estimate('writes'),
        rate: () => ctx.clients.pacer.rate('writes'),
    }, { start: RUNBOOK_PARALLELISM, min: 1, max: RUNBOOK_MAX_PARALLELISM, requestsPerTask: WRITES_PER_RUNBOOK }),
    apply: applyRunbook,
};

;// CONCATENATED MODULE: ./src/kinds/runbook/report.ts

function report_status(change, mode) {
    const done = mode === 'apply';
    const after = (change.after ?? {});
    if (change.action === 'delete')
        return `${done ? 'deleted' : 'delete'} (file left the repository)`;
    if (change.action === 'create') {
        if (after.publish)
            return done ? 'created and published' : 'create and publish';
        return done ? 'created as draft' : 'create as draft';
    }
    if (after.publish)
        return done ? 'updated and published' : 'update and publish';
    if (after.upload)
        return done ? 'draft updated' : 'update draft';
    return done
        ? `bound to ${after.runtimeEnvironment ?? 'its runtime'}`
        : `bind to ${after.runtimeEnvironment ?? 'its runtime'}`;
}
const key = (c) => `${c.action}:${c.name.toLowerCase()}`;
/**
 * Rows for the report. `changes`: the plan's changes in plan mode, the applied ones in apply mode
 * (other kinds are ignored). A runbook without a change is 'unchanged' only when Azure was read and
 * nothing planned for it was left undone.
 */
function runbookStatuses(items, changes, mode, context = {}) {
    const mine = changes.filter((c) => c.kind === RUNBOOK);
    const byName = new Map(mine.map((c) => [c.name.toLowerCase(), c]));
    const made = new Set(mine.map(key));
    const pending = (context.planned ?? []).filter((c) => c.kind === RUNBOOK && !made.has(key(c)));
    const pendingByName = new Map(pending.map((c) => [c.name.toLowerCase(), c]));
    const rows = items.map((item) => {
        const change = byName.get(item.name.toLowerCase());
        const todo = pendingByName.get(item.name.toLowerCase());
        let text = 'unchanged';
        if (change)
            text = report_status(change, mode);
        else if (todo)
            text = `not made (planned: ${report_status(todo, 'plan')})`;
        else if (context.read === false)
            text = 'not read';
        return { name: item.name, path: item.path, status: text };
    });
    for (const c of mine)
        if (c.action === 'delete')
            rows.push({ name: c.name, status: report_status(c, mode) });
    for (const c of pending) {
        if (c.action === 'delete')
            rows.push({ name: c.name, status: `not made (planned: ${report_status(c, 'plan')})` });
    }
    return rows;
}

// EXTERNAL MODULE: ./src/run/annotate.ts
var annotate = __webpack_require__(4077);
;// CONCATENATED MODULE: ./src/run/offline-checks.ts
// Phase 2: what is checked before Azure is read. Runbook discovery and header checks: errors stop
// the run here, before any request; warnings wait for the check with the identity's real ids.





async function offlineChecks({ inputs, mode, report }) {
    if (inputs.runbooks.length === 0)
        return { runbooks: [], findings: [] };
    const runbooks = await discoverRunbooks(inputs.runbooks, runbookWorkspace());
    const findings = checkRunbooks(runbooks, {
        organization: inputs.organization,
        exchangeEnvironment: inputs.exchangeEnvironment,
        graphPermissions: inputs.graphPermissions,
        identityType: inputs.identityType,
        headerCheck: inputs.headerCheck,
    });
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length) {
        (0,annotate/* annotate */.f)(findings);
        throw new src_errors/* ConfigError */.xL(errors.map((f) => `header-check: ${findingText(f)}`), errors);
    }
    report.runbooks = runbookStatuses(runbooks, [], mode, { read: false });
    return { runbooks, findings };
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 16 modules
var core = __webpack_require__(8179);
// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 165 modules
var dist_esm = __webpack_require__(3016);
// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 38 modules
var core_rest_pipeline_dist_esm = __webpack_require__(690);
;// CONCATENATED MODULE: ./src/clients/timeout-policy.ts
// A bound on each HTTP attempt. Neither core-rest-pipeline nor fetch sets one, so a request the
// service accepts and never answers would hang the job until the runner's own timeout (6 h by
// default). A timed-out attempt is turned into a connection error, which the retry policies
// already retry with backoff; ARM PUTs are idempotent and Graph "already exists" answers are
// adopted, so a retried write neither duplicates nor loses anything.

/** Generous: ARM holds synchronous requests for up to about a minute before answering 202. */
const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** env[name] as a positive number of seconds, in ms; undefined when unset or not a positive number. */
function secondsFromEnv(name, env = process.env) {
    const seconds = Number(env[name]);
    return env[name] && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}
/**
 * EXO_HTTP_TIMEOUT_SECONDS (optional, positive number) overrides the default. Not an input: it
 * exists so that tests (and users behind slow proxies) can change it.
 */
function requestTimeoutMs(env = process.env) {
    return secondsFromEnv('EXO_HTTP_TIMEOUT_SECONDS', env) ?? DEFAULT_REQUEST_TIMEOUT_MS;
}
/** Must run inside the retry loop (phase after 'Retry' / additionalPolicies 'perRetry'). */
function timeoutPolicy(ms = requestTimeoutMs()) {
    return {
        name: 'exoRequestTimeout',
        async sendRequest(request, next) {
            if (!request.timeout)
                request.timeout = ms;
            try {
                return await next(request);
            }
            catch (e) {
                const callerAborted = request.abortSignal?.aborted === true;
                if (e?.name === 'AbortError' && !callerAborted) {
                    throw new core_rest_pipeline_dist_esm/* RestError */.pj(`No answer within ${Math.round(request.timeout / 1000)} s from ${hostPath(request.url)}`, {
                        code: 'ETIMEDOUT',
                        request,
                    });
                }
                throw e;
            }
        },
    };
}
function hostPath(url) {
    try {
        const u = new URL(url);
        return `${u.host}${u.pathname}`;
    }
    catch {
        return 'the service';
    }
}

;// CONCATENATED MODULE: ./src/auth/jwt.ts
// Reads claims of a JWT without verifying it (for messages and permission checks). Never prints it.
function decodeJwtPayload(token) {
    const parts = token.split('.');
    if (parts.length < 2)
        return undefined;
    try {
        return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
}
function oidcClaims(token) {
    const p = decodeJwtPayload(token) ?? {};
    const aud = Array.isArray(p.aud) ? p.aud.join(',') : p.aud;
    return { iss: p.iss, sub: p.sub, aud };
}

// EXTERNAL MODULE: ./src/log/index.ts
var log = __webpack_require__(3730);
;// CONCATENATED MODULE: ./src/auth/credential.ts
// Sign-in with GitHub OIDC (workload identity federation): a ClientAssertionCredential whose
// callback hands MSAL a GitHub ID token that is valid for a while yet. MSAL runs the callback on
// every getToken, even when it answers from its own cache, so the GitHub token is reused until
// shortly before its `exp` and then fetched afresh (a long apply outlives one GitHub token, which
// lives about 5 minutes; an expired one would be refused with AADSTS700024). Concurrent getToken
// calls for the same scopes share one acquisition. Every token is masked as soon as it exists.






const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
/** Hosts of the public clouds' Entra authorities (instance discovery works only there). */
const PUBLIC_AUTHORITIES = [
    'login.microsoftonline.com',
    'login.microsoftonline.us',
    'login.chinacloudapi.cn',
    'login.partner.microsoftonline.cn',
];
function isPublicAuthority(authorityHost) {
    try {
        return PUBLIC_AUTHORITIES.includes(new URL(authorityHost).hostname.toLowerCase());
    }
    catch {
        return false;
    }
}
/** True when the job can get a GitHub OIDC token (permissions: id-token: write, not a fork PR). */
function oidcAvailable(env = process.env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
function oidcUnavailableError() {
    return new src_errors/* AuthError */.lR('No GitHub OIDC token is available to this job: ACTIONS_ID_TOKEN_REQUEST_URL is not set.', {
        hint: 'Give the workflow (or the job) `permissions: id-token: write` (and `contents: read`). ' +
            'Pull requests from forks never receive an OIDC token, whatever the permissions say: ' +
            'plan those from a trusted event (pull_request_target with care, or a push/schedule run).',
    });
}
/** "Signed in as app <appid> in tenant <tid>, GitHub subject <sub>": claims of the issued token, never the token. */
function signedInLine(accessToken, oidc, fallbackClientId) {
    const p = decodeJwtPayload(accessToken) ?? {};
    const app = (p.appid ?? p.azp ?? fallbackClientId);
    const tenant = typeof p.tid === 'string' ? ` in tenant ${p.tid}` : '';
    const sub = oidc?.sub ? `, subject ${oidc.sub}` : '';
    return `Signed in as app ${app}${tenant}${sub} (GitHub OIDC, issuer ${oidc?.iss ?? GITHUB_OIDC_ISSUER}).`;
}
/** Seconds since the epoch at which a JWT expires, when it says. */
function jwtExpiry(token) {
    const exp = decodeJwtPayload(token)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
}
/** The exact fix for a refused assertion, naming the federated credential to add. */
function describeRefusal(err, claims, clientId) {
    const e = err;
    const description = e.errorResponse?.errorDescription ?? e.message ?? String(err);
    const code = (0,src_errors/* extractAadstsCode */.D1)(description) ??
        (e.errorResponse?.errorCodes?.[0] !== undefined ? `AADSTS${e.errorResponse.errorCodes[0]}` : undefined);
    const firstLine = description.split(/\r?\n/)[0];
    const lines = [`Entra ID refused the GitHub OIDC token for app ${clientId}: ${firstLine}`];
    if (claims) {
        lines.push(`GitHub token claims: iss=${claims.iss ?? '?'} sub=${claims.sub ?? '?'} aud=${claims.aud ?? '?'}`);
    }
    let hint = code ? (0,src_errors/* hintFor */.JR)(code) : undefined;
    if (code === 'AADSTS700211' && claims?.iss) {
        hint =
            `No federated credential on app ${clientId} has the issuer of this token, ${claims.iss}. Set the credential's ` +
                'issuer to exactly that value (a trailing slash or another host differs), or, with GitHub Enterprise Server or ' +
                'a customised issuer, to the issuer your enterprise publishes.';
    }
    else if (code === 'AADSTS700212' && claims?.aud) {
        hint =
            `No federated credential on app ${clientId} lists the token audience ${claims.aud}. Add ${claims.aud} to the ` +
                "credential's audiences, or set the `audience` input to the value the credential lists.";
    }
    else if (code && ['AADSTS70021', 'AADSTS700213', 'AADSTS7002138'].includes(code) && claims?.sub) {
        const iss = claims.iss ?? GITHUB_OIDC_ISSUER;
        const aud = claims.aud ?? 'api://AzureADTokenExchange';
        hint =
            `Add a federated credential to app ${clientId} with issuer ${iss}, subject ${claims.sub} and audience ${aud} ` +
                `(az ad app federated-credential create --id ${clientId} --parameters ` +
                `'{"name":"github","issuer":"${iss}","subject":"${claims.sub}","audiences":["${aud}"]}'). ` +
                (code === 'AADSTS7002138' ? 'Subjects compare case-sensitively: match the letter case exactly. ' : '') +
                'A credential created a moment ago can take a minute to apply.';
    }
    return new src_errors/* AuthError */.lR(lines.join('\n'), { code, hint, cause: err });
}
/**
 * A TokenCredential for ARM and Graph. The GitHub token is fetched when there is none or the one
 * held expires within the margin (never sent expired); tokens are masked with core.setSecret;
 * Entra refusals become AuthErrors with iss/sub/aud and the fix.
 */
function createCredential(opts) {
    const getIdToken = opts.getIdToken ?? ((aud) => core/* getIDToken */.V9(aud));
    const setSecret = opts.setSecret ?? ((s) => log/* log */.Rm.setSecret(s));
    const now = opts.now ?? Date.now;
    const margin = opts.assertionMarginMs ?? 60_000;
    let lastClaims;
    let announced = !opts.announce;
    let held;
    let fetching;
    const fetchIdToken = async () => {
        let token;
        try {
            token = await getIdToken(opts.audience);
        }
        catch (e) {
            if (!oidcAvailable() && !opts.getIdToken)
                throw oidcUnavailableError();
            throw new src_errors/* AuthError */.lR(`Could not get a GitHub OIDC token: ${e.message}`, { cause: e });
        }
        setSecret(token);
        lastClaims = oidcClaims(token);
        const exp = jwtExpiry(token);
        // Without a readable exp the token is used once, as before.
        held = exp !== undefined ? { token, validUntil: exp * 1000 - margin } : undefined;
        return token;
    };
    const assertion = async () => {
        if (held && now() < held.validUntil)
            return held.token;
        fetching ??= fetchIdToken().finally(() => (fetching = undefined));
        return fetching;
    };
    const inFlight = new Map();
    const inner = new dist_esm/* ClientAssertionCredential */.XI(opts.tenantId, opts.clientId, assertion, {
        authorityHost: opts.authorityHost,
        disableInstanceDiscovery: !isPublicAuthority(opts.authorityHost),
        // a token endpoint that never answers must not hang the job either
        additionalPolicies: [{ policy: timeoutPolicy(), position: 'perRetry' }],
    });
    return {
        getToken(scopes, options) {
            // Callers that start at once (a burst of reads) share one acquisition; MSAL's cache serves the rest.
            // (CAE tokens come from MSAL's other application and cache: a key of their own.)
            const key = `${[scopes].flat().join(' ')}${options?.enableCae ? ' cae' : ''}`;
            if (options?.claims || options?.tenantId)
                return acquire(scopes, options);
            let p = inFlight.get(key);
            if (!p) {
                p = acquire(scopes, options).finally(() => inFlight.delete(key));
                inFlight.set(key, p);
            }
            return p;
        },
    };
    async function acquire(scopes, options) {
        if (!opts.getIdToken && !oidcAvailable())
            throw oidcUnavailableError();
        let token;
        try {
            token = await inner.getToken(scopes, options);
        }
        catch (e) {
            held = undefined; // a refused assertion is never offered again
            if (e instanceof src_errors/* AuthError */.lR)
                throw e;
            const cause = e.cause;
            if (cause instanceof src_errors/* AuthError */.lR)
                throw cause;
            throw describeRefusal(e, lastClaims, opts.clientId);
        }
        if (token?.token) {
            setSecret(token.token);
            if (!announced) {
                announced = true;
                opts.announce(signedInLine(token.token, lastClaims, opts.clientId));
            }
        }
        return token;
    }
}

;// CONCATENATED MODULE: ./src/auth/index.ts


// EXTERNAL MODULE: ./node_modules/@azure/core-lro/dist/esm/index.js + 7 modules
var core_lro_dist_esm = __webpack_require__(4850);
;// CONCATENATED MODULE: ./src/clients/pacing-policy.ts
/** Documented subscription buckets (see the header comment). */
const ARM_BUCKETS = {
    reads: { size: 250, refillPerSecond: 25 },
    writes: { size: 200, refillPerSecond: 10 },
    deletes: { size: 200, refillPerSecond: 10 },
};
function operationClass(method) {
    const m = method.toUpperCase();
    return m === 'GET' || m === 'HEAD' ? 'reads' : m === 'DELETE' ? 'deletes' : 'writes';
}
/**
 * The refill a new report shows against the previous one: tokens back = now left - (left then -
 * requests handled between). Requests are handled in the order they were sent (one latency
 * each), so those handled between are the ones sent between the two reported requests. Only
 * while the bucket is below full (a full one hides its refill); what other processes take
 * meanwhile makes it lower (a negative sample is theirs, not the refill's, and is skipped).
 */
function refillSample(prev, next, size) {
    const dt = next.at - prev.at;
    if (dt < 20 || next.seq < prev.seq || next.remaining >= size - 1)
        return undefined;
    const back = next.remaining - (prev.remaining - (next.seq - prev.seq));
    return back > 0 ? back / dt : undefined;
}
/**
 * The refill estimate after a sample: a bucket's refill is fixed and what is seen is that minus
 * what others took, so the estimate rises quickly to a higher sample and falls slowly to a
 * lower one. The weight grows with the sample's span (a short one is coarse: whole tokens).
 */
function nextRefill(current, sample, spanMs) {
    const w = sample > current ? Math.min(0.5, spanMs / 500) : Math.min(0.2, spanMs / 2500);
    return current + w * (sample - current);
}
/** One per subscription and process: the read and write clients of a run share it. */
class Pacer {
    now;
    state = new Map();
    /** 429s answered, by class: the adaptive pools watch it */
    throttled = { reads: 0, writes: 0, deletes: 0 };
    constructor(now = Date.now) {
        this.now = now;
    }
    of(c) {
        let s = this.state.get(c);
        if (!s) {
            const refill = ARM_BUCKETS[c].refillPerSecond / 1000;
            s = { at: 0, seq: 0, reportedSeq: 0, refill, share: 1, blockedUntil: 0 };
            this.state.set(c, s);
        }
        return s;
    }
    /** Tokens believed left now; undefined before any answer reported them. */
    estimate(c) {
        const s = this.of(c);
        if (s.remaining === undefined)
            return undefined;
        const refilled = Math.max(0, this.now() - s.at) * this.rate(c);
        return Math.min(ARM_BUCKETS[c].size, s.remaining + refilled) - (s.seq - s.reportedSeq);
    }
    /** Tokens per ms this process may take: the refill seen, times its share. */
    rate(c) {
        const s = this.of(c);
        return s.refill * s.share;
    }
    /** ms until one more request of this class may be sent (0 = now); counts nothing. */
    waitMs(c) {
        const s = this.of(c);
        let wait = Math.max(0, s.blockedUntil - this.now());
        const left = this.estimate(c);
        if (left !== undefined && left < 1)
            wait = Math.max(wait, Math.ceil((1 - left) / this.rate(c)));
        return wait;
    }
    /** Counts a request as sent; returns its sequence number (for observe). */
    take(c) {
        return ++this.of(c).seq;
    }
    /** ms to hold a request of this class before sending it (0 = now); counts it as sent. */
    reserve(c) {
        const wait = this.waitMs(c);
        this.take(c);
        return wait;
    }
    /**
     * What an answer said about the budget. `seq`: the request's number from take (without it,
     * the answer is taken to count every request sent so far).
     */
    observe(c, status, headers, seq) {
        const s = this.of(c);
        const now = this.now();
        const n = seq ?? s.seq;
        if (status === 429) {
            this.throttled[c]++;
            const after = Number(headers.get('retry-after'));
            s.blockedUntil = Math.max(s.blockedUntil, now + (Number.isFinite(after) && after >= 0 ? after * 1000 : 1000));
            s.share = Math.max(1 / 64, s.share / 2);
            s.remaining = 0;
            s.at = s.blockedUntil;
            s.reportedSeq = Math.max(s.reportedSeq, n);
            return;
        }
        const remaining = Number(headers.get(`x-ms-ratelimit-remaining-subscription-${c}`));
        // no header, or an answer older than the report already held (it overtook this one)
        if (!Number.isFinite(remaining) || (s.remaining !== undefined && n < s.reportedSeq))
            return;
        if (s.remaining !== undefined) {
            const prev = { remaining: s.remaining, at: s.at, seq: s.reportedSeq };
            const sample = refillSample(prev, { remaining, at: now, seq: n }, ARM_BUCKETS[c].size);
            if (sample !== undefined) {
                // Answers that arrive in a bunch squeeze one span and inflate its sample: a rise follows
                // the lower of the last two samples, so a single spike is not believed.
                s.refill = nextRefill(s.refill, Math.min(sample, s.lastSample ?? sample), now - s.at);
                s.lastSample = sample;
            }
        }
        s.remaining = remaining;
        s.at = now;
        s.reportedSeq = n;
        // room left: take back some of the share given up after a 429
        if (remaining > ARM_BUCKETS[c].size / 2)
            s.share = Math.min(1, s.share * 1.25);
    }
}
const pacers = new Map();
/** The process's pacer for one subscription at one ARM endpoint. */
function pacerFor(endpoint, subscriptionId) {
    const key = `${endpoint.replace(/\/+$/, '').toLowerCase()} ${subscriptionId.toLowerCase()}`;
    let p = pacers.get(key);
    if (!p)
        pacers.set(key, (p = new Pacer()));
    return p;
}
/**
 * Requests held for the budget, first come first served, one timer per class: a request waits
 * while the bucket is believed empty and is re-judged whenever time passes or an answer reports
 * the bucket (a held request's wait is never fixed in advance: the refill may be learnt meanwhile).
 */
class Gate {
    pacer;
    c;
    queue = [];
    timer;
    constructor(pacer, c) {
        this.pacer = pacer;
        this.c = c;
    }
    /** Resolves with the request's sequence number once it may be sent. */
    acquire() {
        if (!this.queue.length && this.pacer.waitMs(this.c) === 0)
            return this.pacer.take(this.c);
        return new Promise((resolve) => {
            this.queue.push(() => resolve(this.pacer.take(this.c)));
            this.pump();
        });
    }
    pump() {
        while (this.queue.length && this.pacer.waitMs(this.c) === 0)
            this.queue.shift()();
        if (!this.queue.length || this.timer)
            return;
        const wait = Math.max(1, this.pacer.waitMs(this.c));
        this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
        }, wait);
    }
}
const gates = new WeakMap();
function gateOf(pacer, c) {
    let all = gates.get(pacer);
    if (!all)
        gates.set(pacer, (all = new Map()));
    let g = all.get(c);
    if (!g)
        all.set(c, (g = new Gate(pacer, c)));
    return g;
}
/** Inside the retry loop (afterPhase 'Retry' / perRetry): every attempt is paced and observed. */
function pacingPolicy(pacer) {
    return {
        name: 'exoArmPacing',
        async sendRequest(request, next) {
            const c = operationClass(request.method);
            const gate = gateOf(pacer, c);
            const seq = await gate.acquire();
            const response = await next(request);
            pacer.observe(c, response.status, response.headers, seq);
            gate.pump();
            return response;
        },
    };
}

;// CONCATENATED MODULE: ./src/clients/readonly-policy.ts
const READ_ONLY_POLICY_NAME = 'exoReadOnlyPolicy';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Token endpoints are the only place a plan may POST to (CONTRACT.md section 4). */
function isTokenEndpoint(url) {
    return /\/oauth2(\/v2\.0)?\/token(\?|$)/i.test(url);
}
class WriteRefusedError extends Error {
    constructor(method, url) {
        super(`Refused ${method} ${new URL(url).pathname}: this client is read-only (plan mode, or an observe step).`);
        this.name = 'WriteRefusedError';
    }
}
function assertReadOnly(method, url) {
    if (!READ_METHODS.has(method.toUpperCase()) && !isTokenEndpoint(url))
        throw new WriteRefusedError(method, url);
}
function readOnlyPolicy() {
    return {
        name: READ_ONLY_POLICY_NAME,
        sendRequest(request, next) {
            assertReadOnly(request.method, request.url);
            return next(request);
        },
    };
}

;// CONCATENATED MODULE: ./src/clients/errors.ts
// Service error bodies -> AzureError with the service's own code and message.

/** ARM wraps ({error:{code,message}}), Automation is flat ({code,message}); Graph wraps like ARM. */
function parseErrorBody(body, status) {
    let parsed;
    try {
        parsed = body ? JSON.parse(body) : undefined;
    }
    catch {
        parsed = undefined;
    }
    const obj = parsed;
    const inner = obj && typeof obj.error === 'object' && obj.error !== null ? obj.error : obj;
    if (inner && typeof inner.code === 'string') {
        return { code: inner.code, message: typeof inner.message === 'string' ? inner.message : '' };
    }
    if (inner && typeof inner.Code === 'string') {
        return { code: inner.Code, message: typeof inner.Message === 'string' ? inner.Message : '' };
    }
    const text = (body ?? '').trim().slice(0, 2000);
    return { code: `HTTP${status}`, message: text || `The service answered HTTP ${status} without an error body.` };
}
function toAzureError(service, status, body, requestId, context) {
    const { code, message } = parseErrorBody(body, status);
    return new src_errors/* AzureError */.M6({ service, status, code, message: context ? `${context}: ${message}` : message, requestId });
}
/** Graph's answer to a duplicate: the thing already exists, which is what we wanted. */
function isAlreadyExists(err) {
    if (!(err instanceof src_errors/* AzureError */.M6))
        return false;
    if (err.status === 409)
        return true;
    if (err.code === 'Request_MultipleObjectsWithSameKeyValue')
        return true;
    return err.status === 400 && /already exists|conflicting object|same key value/i.test(err.serviceMessage);
}

;// CONCATENATED MODULE: ./src/clients/arm.ts






/**
 * Throttled answers retried by the SDK's own throttlingRetryPolicy (it waits each Retry-After):
 * 7 retries, 8 attempts in all. The SDK's default retry policy also retries 429s (3 times), which
 * would multiply the two counts (4 x 8); it is replaced below by its 5xx and connection-error
 * parts. Eight waits of Retry-After let a request through a shared budget (the pacer keeps a
 * fleet within it), and a subscription throttled for good still fails with ARM's text in
 * seconds, not after minutes of silent retries (the fault suite bounds it at 8 attempts).
 */
const THROTTLE_RETRIES = 7;
/** The SDK's default retry policy without its 429 strategy (429s get THROTTLE_RETRIES of their own). */
function withoutDefaultThrottleRetries(pipeline, retryOptions) {
    if (pipeline.removePolicy({ name: 'defaultRetryPolicy' }).length !== 1)
        throw new Error('internal: the Azure SDK pipeline has no defaultRetryPolicy to replace');
    pipeline.addPolicy((0,core_rest_pipeline_dist_esm/* exponentialRetryPolicy */.aE)(retryOptions), { phase: 'Retry' });
    pipeline.addPolicy((0,core_rest_pipeline_dist_esm/* systemErrorRetryPolicy */.U8)(retryOptions), { phase: 'Retry' });
}
/** Retry-After in ms (ARM sends whole seconds); 0 when absent or zero. */
function retryAfterMs(headers) {
    const v = headers?.['retry-after'];
    return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) * 1000 : 0;
}
class ArmClient {
    endpoint;
    pipeline;
    httpClient;
    lroIntervalMs;
    lroMaxIntervalMs;
    constructor(opts) {
        this.endpoint = opts.endpoint.replace(/\/+$/, '');
        this.pipeline = (0,core_rest_pipeline_dist_esm/* createPipelineFromOptions */.Fp)({
            retryOptions: opts.retryOptions,
            userAgentOptions: { userAgentPrefix: 'exo-automation' },
        });
        withoutDefaultThrottleRetries(this.pipeline, opts.retryOptions);
        this.pipeline.addPolicy((0,core_rest_pipeline_dist_esm/* bearerTokenAuthenticationPolicy */.N$)({ credential: opts.credential, scopes: opts.scope }));
        // Before retries and sign-in: a refused write never asks for a token.
        if (opts.readOnly)
            this.pipeline.addPolicy(readOnlyPolicy(), { phase: 'Serialize' });
        // Inside the general retry policy: 429s first meet the throttling retries.
        this.pipeline.addPolicy((0,core_rest_pipeline_dist_esm/* throttlingRetryPolicy */.sG)({ maxRetries: THROTTLE_RETRIES }), { phase: 'Retry' });
        // Inside the retry loop: each attempt is paced and bounded, a timed-out attempt is retried.
        if (opts.pacer)
            this.pipeline.addPolicy(pacingPolicy(opts.pacer), { afterPhase: 'Retry' });
        this.pipeline.addPolicy(timeoutPolicy(), { afterPhase: 'Retry' });
        this.httpClient = (0,core_rest_pipeline_dist_esm/* createDefaultHttpClient */.fl)();
        this.lroIntervalMs = opts.lroIntervalMs ?? 100;
        this.lroMaxIntervalMs = Math.max(this.lroIntervalMs, opts.lroMaxIntervalMs ?? 10_000);
    }
    url(path, apiVersion) {
        const full = /^https:\/\//i.test(path) ? path : `${this.endpoint}${path.startsWith('/') ? '' : '/'}${path}`;
        if (!apiVersion || /[?&]api-version=/i.test(full))
            return full;
        return `${full}${full.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(apiVersion)}`;
    }
    /** One request through the pipeline; no status handling. */
    async send(method, url, body, contentType = 'application/json') {
        const headers = (0,core_rest_pipeline_dist_esm/* createHttpHeaders */.Nc)({ accept: 'application/json' });
        if (body !== undefined)
            headers.set('content-type', contentType);
        const request = (0,core_rest_pipeline_dist_esm/* createPipelineRequest */.G6)({ url, method: method, headers, body });
        const res = await this.pipeline.sendRequest(this.httpClient, request);
        return { status: res.status, headers: res.headers.toJSON(), body: res.bodyAsText ?? undefined };
    }
    async json(method, path, apiVersion, body) {
        const url = this.url(path, apiVersion);
        const res = await this.send(method, url, body === undefined ? undefined : JSON.stringify(body));
        if (res.status >= 400)
            throw this.error(res);
        return (res.body ? JSON.parse(res.body) : undefined);
    }
    error(res) {
        return toAzureError('ARM', res.status, res.body, res.headers['x-ms-request-id']);
    }
    /** GET; undefined on 404, the service's error otherwise. */
    async read(url) {
        const res = await this.send('GET', url);
        if (res.status === 404)
            return undefined;
        if (res.status >= 400)
            throw this.error(res);
        return res;
    }
    async get(path, apiVersion) {
        const res = await this.read(this.url(path, apiVersion));
        return (res?.body ? JSON.parse(res.body) : undefined);
    }
    async getText(path, apiVersion) {
        const res = await this.read(this.url(path, apiVersion));
        return res && (res.body ?? '');
    }
    async list(path, apiVersion) {
        const items = [];
        let url = this.url(path, apiVersion);
        while (url) {
            const res = await this.read(url);
            if (!res)
                return items;
            const page = JSON.parse(res.body ?? '{}');
            items.push(...(page.value ?? []));
            url = page.nextLink || undefined;
        }
        return items;
    }
    put(path, apiVersion, body) {
        return this.json('PUT', path, apiVersion, body);
    }
    patch(path, apiVersion, body) {
        return this.json('PATCH', path, apiVersion, body);
    }
    async delete(path, apiVersion) {
        const res = await this.lro('DELETE', path, apiVersion).catch((e) => {
            if (e.status === 404)
                return undefined;
            throw e;
        });
        return res !== undefined && res.status !== 204;
    }
    async lro(method, path, apiVersion, body, contentType) {
        const url = this.url(path, apiVersion);
        const toOperation = (res, reqMethod, reqUrl) => {
            if (res.status >= 400)
                throw this.error(res);
            let parsed = undefined;
            try {
                parsed = res.body ? JSON.parse(res.body) : undefined;
            }
            catch {
                parsed = res.body;
            }
            return {
                flatResponse: res,
                rawResponse: {
                    statusCode: res.status,
                    headers: res.headers,
                    body: parsed,
                    request: { method: reqMethod, url: reqUrl },
                },
            };
        };
        let initial;
        let last;
        // Polling: wait what Retry-After says when the service says it; otherwise back off from
        // lroIntervalMs, x1.5 each time (doubling overshot a 5 s operation by a quarter), so that a
        // short operation is seen done soon after it ends and a long one is not polled needlessly often. core-lro itself waits a positive Retry-After
        // before every poll but the first (which it sends at once) and, with intervalInMs 0, nothing
        // else: the waits it does not make are made here.
        let polls = 0;
        let backoff = this.lroIntervalMs;
        const operation = {
            sendInitialRequest: async () => {
                initial = await this.send(method, url, body, contentType);
                last = initial;
                return toOperation(initial, method, url);
            },
            sendPollRequest: async (pollPath) => {
                const asked = retryAfterMs(last?.headers);
                let wait = 0;
                if (asked > 0)
                    wait = polls === 0 ? asked : 0;
                else {
                    wait = backoff;
                    backoff = Math.min(backoff * 1.5, this.lroMaxIntervalMs);
                }
                polls++;
                if (wait > 0)
                    await new Promise((r) => setTimeout(r, wait));
                last = await this.send('GET', pollPath);
                return toOperation(last, 'GET', pollPath);
            },
        };
        const poller = (0,core_lro_dist_esm/* createHttpPoller */.V)(operation, { intervalInMs: 0, resourceLocationConfig: 'location', skipFinalGet: true });
        await poller.pollUntilDone();
        return last ?? initial;
    }
}

;// CONCATENATED MODULE: ./src/clients/arm-sdk.ts


/** An SDK RestError as the ARM AzureError it stands for; anything else unchanged. */
function rethrowArm(e) {
    if (e instanceof core_rest_pipeline_dist_esm/* RestError */.pj) {
        throw toAzureError('ARM', e.statusCode ?? 0, e.response?.bodyAsText ?? undefined, e.request?.requestId);
    }
    throw e;
}

;// CONCATENATED MODULE: ./src/clients/compute.ts
// Virtual machines through @azure/arm-compute (api-version 2026-04-01, which the simulator and
// Azure accept), pointed at our endpoint and scope. Plan mode gets the read-only policy.





function toVm(v) {
    const os = v.storageProfile?.osDisk?.osType;
    return {
        id: v.id ?? '',
        name: v.name ?? '',
        location: v.location,
        // osProfile.linuxConfiguration as a fallback: images without an osType still say what they are
        os: /^linux$/i.test(os ?? '') || (!os && v.osProfile?.linuxConfiguration) ? 'Linux' : 'Windows',
        identity: v.identity,
        tags: { ...(v.tags ?? {}) },
        provisioningState: v.provisioningState,
    };
}
/** StdOut / StdErr by the status code's component (ComponentStatus/StdOut/succeeded). */
function splitRunCommandResult(value) {
    const pick = (stream) => (value ?? [])
        .filter((s) => new RegExp(`/${stream}/`, 'i').test(s.code ?? ''))
        .map((s) => s.message ?? '')
        .join('\n');
    return { stdout: pick('StdOut'), stderr: pick('StdErr') };
}
class ComputeClient {
    sdk;
    make;
    intervalMs;
    constructor(opts) {
        this.make = async () => {
            const { ComputeManagementClient } = await __webpack_require__.e(/* import() */ 779).then(__webpack_require__.bind(__webpack_require__, 779));
            const client = new ComputeManagementClient(opts.credential, opts.subscriptionId, {
                endpoint: opts.endpoint.replace(/\/+$/, ''),
                credentials: { scopes: [opts.scope] },
                retryOptions: opts.retryOptions,
                userAgentOptions: { userAgentPrefix: 'exo-automation' },
            });
            // In the Serialize phase, before retries and sign-in: a refused write never asks for a token.
            // (additionalPolicies would land after the client's token policy.)
            if (opts.readOnly)
                client.pipeline.addPolicy(readOnlyPolicy(), { phase: 'Serialize' });
            if (opts.pacer)
                client.pipeline.addPolicy(pacingPolicy(opts.pacer), { afterPhase: 'Retry' });
            client.pipeline.addPolicy(timeoutPolicy(), { afterPhase: 'Retry' });
            return client;
        };
        this.intervalMs = opts.lroIntervalMs ?? 2000;
    }
    get client() {
        return (this.sdk ??= this.make());
    }
    async getVm(resourceGroup, name) {
        try {
            return toVm(await (await this.client).virtualMachines.get(resourceGroup, name));
        }
        catch (e) {
            if (e instanceof core_rest_pipeline_dist_esm/* RestError */.pj && e.statusCode === 404)
                return undefined;
            return rethrowArm(e);
        }
    }
    async updateVm(resourceGroup, name, patch) {
        try {
            const sdk = await this.client;
            const vm = await sdk.virtualMachines
                .update(resourceGroup, name, patch, { updateIntervalInMs: this.intervalMs })
                .pollUntilDone();
            return toVm(vm);
        }
        catch (e) {
            return rethrowArm(e);
        }
    }
    async runCommand(resourceGroup, name, input) {
        try {
            const sdk = await this.client;
            const result = await sdk.virtualMachines
                .runCommand(resourceGroup, name, input, { updateIntervalInMs: this.intervalMs })
                .pollUntilDone();
            return splitRunCommandResult(result.value);
        }
        catch (e) {
            return rethrowArm(e);
        }
    }
}

;// CONCATENATED MODULE: ./src/modules/manifest.ts
// What a module declares about where it runs, read from its manifest (.psd1 in the .nupkg), and
// whether a runtime environment satisfies it. Pure.
//
// Fields (learn.microsoft.com "about_Module_Manifests" / New-ModuleManifest; the comments that
// New-ModuleManifest writes above each field, as in the gallery's own manifests):
// - PowerShellVersion: "Minimum version of the PowerShell engine required by this module"
// - CompatiblePSEditions: "Supported PSEditions" (Desktop = Windows PowerShell 5.1, Core = PowerShell 7)
// - DotNetFrameworkVersion: "Minimum version of Microsoft .NET Framework required by this module.
//   This prerequisite is valid for the PowerShell Desktop edition only."

/** The manifest text without comment lines and block comments (New-ModuleManifest comments out unset fields). */
function uncommented(psd1) {
    return psd1
        .replace(/<#[\s\S]*?#>/g, '')
        .split(/\r?\n/)
        .filter((l) => !/^\s*#/.test(l))
        .join('\n');
}
function field(text, name) {
    // a key at a line start, after '@{' or ';' (one-line manifests), never inside another key's name
    const m = new RegExp(`(?:^|[{;])\\s*${name}\\s*=\\s*([^\\n;]+)`, 'im').exec(text);
    return m?.[1].trim();
}
function strings(value) {
    return [...value.matchAll(/['"]([^'"]*)['"]/g)].map((m) => m[1]);
}
function parseManifest(psd1) {
    const text = uncommented(psd1);
    const one = (name) => {
        const v = field(text, name);
        return v === undefined ? undefined : strings(v)[0];
    };
    const editions = field(text, 'CompatiblePSEditions');
    return {
        powerShellVersion: one('PowerShellVersion') || undefined,
        compatiblePSEditions: editions === undefined ? undefined : strings(editions),
        dotNetFrameworkVersion: one('DotNetFrameworkVersion') || undefined,
    };
}
/**
 * Azure Automation's runtimes. 5.1 is Windows PowerShell (Desktop) on .NET Framework 4.8 — an
 * ASSUMPTION (Windows Server 2019+ workers ship 4.7.2 or later; no public page states 4.8 for the
 * sandbox): a manifest asking for more than 4.8 is refused. 7.x are PowerShell (Core) 7.x.
 */
function runtimeFacts(runtime) {
    if (runtime === '5.1')
        return { edition: 'Desktop', powerShell: '5.1', dotNetFramework: '4.8' };
    return { edition: 'Core', powerShell: runtime };
}
/** major.minor only: a manifest asking 7.4.6 runs on the 7.4 runtime (Azure serves a current 7.4 patch). */
function majorMinor(v) {
    const p = (0,compat/* parseVersion */.ot)(v);
    return p ? `${p.parts[0]}.${p.parts[1]}` : v;
}
/** Why `manifest` cannot run on `runtime`, or undefined. */
function manifestIncompatibility(name, version, manifest, runtime) {
    const rt = runtimeFacts(runtime);
    const who = `${name} ${version}`;
    const editions = manifest.compatiblePSEditions;
    if (editions && editions.length && !editions.some((e) => e.toLowerCase() === rt.edition.toLowerCase())) {
        const names = editions.map((e) => e.toLowerCase() === 'core' ? 'PowerShell 7 (Core)' : 'Windows PowerShell 5.1 (Desktop)');
        return `${who} declares CompatiblePSEditions ${editions.join(', ')}: it runs on ${names.join(' and ')} only, not on runtime ${runtime}`;
    }
    const want = manifest.powerShellVersion;
    if (want && (0,compat/* parseVersion */.ot)(want) && (0,compat/* compareVersions */.Zy)(majorMinor(want), rt.powerShell) > 0) {
        return `${who} declares PowerShellVersion ${want}: it needs PowerShell ${want} or later, runtime ${runtime} runs ${rt.powerShell}`;
    }
    const net = manifest.dotNetFrameworkVersion;
    if (rt.dotNetFramework && net && (0,compat/* parseVersion */.ot)(net) && (0,compat/* compareVersions */.Zy)(net, rt.dotNetFramework) > 0) {
        return `${who} declares DotNetFrameworkVersion ${net}: runtime ${runtime} runs .NET Framework ${rt.dotNetFramework}`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/modules/range.ts
// NuGet version ranges as the gallery's feed states dependencies (d:Dependencies
// "Id:Range:TargetFramework|..."): "1.2.0" (1.2.0 or later), "[2.18.0]" (exactly), "[1.0,2.0)",
// "(,2.0]", "" (any). Pure. NuGet docs "Package versioning" > "Version ranges".

function parseRange(text) {
    const t = text.trim();
    if (t === '')
        return { minInclusive: true, maxInclusive: true, text: t };
    if (!/^[[(]/.test(t))
        return (0,compat/* parseVersion */.ot)(t) ? { min: t, minInclusive: true, maxInclusive: true, text: t } : undefined;
    const m = /^([[(])\s*([^,\])]*?)\s*(?:(,)\s*([^\])]*?)\s*)?([\])])$/.exec(t);
    if (!m)
        return undefined;
    const [, open, lo, comma, hi, close] = m;
    if (!comma) {
        // [1.0] exactly; (1.0) is invalid
        if (open !== '[' || close !== ']' || !(0,compat/* parseVersion */.ot)(lo))
            return undefined;
        return { min: lo, minInclusive: true, max: lo, maxInclusive: true, text: t };
    }
    if ((lo && !(0,compat/* parseVersion */.ot)(lo)) || (hi && !(0,compat/* parseVersion */.ot)(hi)))
        return undefined;
    return {
        min: lo || undefined,
        minInclusive: open === '[',
        max: hi || undefined,
        maxInclusive: close === ']',
        text: t,
    };
}
function satisfies(version, r) {
    if (!(0,compat/* parseVersion */.ot)(version))
        return false;
    if (r.min) {
        const c = (0,compat/* compareVersions */.Zy)(version, r.min);
        if (c < 0 || (c === 0 && !r.minInclusive))
            return false;
    }
    if (r.max) {
        const c = (0,compat/* compareVersions */.Zy)(version, r.max);
        if (c > 0 || (c === 0 && !r.maxInclusive))
            return false;
    }
    return true;
}
/** The one version the range allows, when it allows exactly one ("[2.18.0]"). */
function exactVersion(r) {
    return r.min && r.max && r.minInclusive && r.maxInclusive && (0,compat/* compareVersions */.Zy)(r.min, r.max) === 0 ? r.min : undefined;
}
/** "= 2.18.0", ">= 1.2.0", ... for messages, as the gallery's page shows dependencies. */
function describeRange(r) {
    const exact = exactVersion(r);
    if (exact)
        return `= ${exact}`;
    const lo = r.min ? `${r.minInclusive ? '>=' : '>'} ${r.min}` : '';
    const hi = r.max ? `${r.maxInclusive ? '<=' : '<'} ${r.max}` : '';
    return [lo, hi].filter(Boolean).join(' && ') || 'any version';
}
/** d:Dependencies of a feed entry -> [{id, range}] (target framework ignored: PowerShell modules declare none). */
function parseDependencies(text) {
    return text
        .split('|')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
        const [id, range = ''] = d.split(':');
        return { id: id.trim(), range: range.trim() };
    })
        .filter((d) => d.id !== '');
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/clients/nupkg.ts
// The module manifest inside a .nupkg (a zip): the root-level NAME.psd1. Pure. Reads the zip's
// central directory (APPNOTE.TXT 4.3.12), then the entry's local header and data; entries are
// stored (method 0) or deflated (method 8), the two methods NuGet writes.

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
function endOfCentralDirectory(zip) {
    // the record is 22 bytes plus a comment of at most 65535 bytes, at the very end
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
        if (zip.readUInt32LE(i) === EOCD)
            return i;
    }
    throw new Error('not a zip file (no end of central directory record)');
}
/** Every entry name and where its local header is. */
function zipEntries(zip) {
    const eocd = endOfCentralDirectory(zip);
    const count = zip.readUInt16LE(eocd + 10);
    let p = zip.readUInt32LE(eocd + 16);
    const out = [];
    for (let i = 0; i < count; i++) {
        if (zip.readUInt32LE(p) !== CENTRAL)
            throw new Error('corrupt zip central directory');
        const method = zip.readUInt16LE(p + 10);
        const size = zip.readUInt32LE(p + 20);
        const nameLen = zip.readUInt16LE(p + 28);
        const extraLen = zip.readUInt16LE(p + 30);
        const commentLen = zip.readUInt16LE(p + 32);
        const offset = zip.readUInt32LE(p + 42);
        out.push({ name: zip.toString('utf8', p + 46, p + 46 + nameLen), offset, method, size });
        p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
}
function readZipEntry(zip, entry) {
    const p = entry.offset;
    if (zip.readUInt32LE(p) !== LOCAL)
        throw new Error('corrupt zip local header');
    const start = p + 30 + zip.readUInt16LE(p + 26) + zip.readUInt16LE(p + 28);
    const data = zip.subarray(start, start + entry.size);
    if (entry.method === 0)
        return Buffer.from(data);
    if (entry.method === 8)
        return (0,external_node_zlib_.inflateRawSync)(data);
    throw new Error(`zip entry compressed with method ${entry.method}, which the action does not read`);
}
/** The text of the root-level manifest `ID.psd1` (case-insensitive), or undefined. */
function nupkgManifest(zip, id) {
    const entries = zipEntries(zip);
    const want = `${id}.psd1`.toLowerCase();
    const hit = entries.find((e) => decodeURIComponent(e.name).toLowerCase() === want) ??
        entries.find((e) => !e.name.includes('/') && e.name.toLowerCase().endsWith('.psd1'));
    return hit
        ? readZipEntry(zip, hit)
            .toString('utf8')
            .replace(/^\uFEFF/, '')
        : undefined;
}

;// CONCATENATED MODULE: ./src/clients/gallery.ts
// PowerShell Gallery v2 (OData/Atom) feed: versions of a package and its download URL.






function decodeXml(s) {
    return s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
}
function tag(entry, name) {
    const m = new RegExp(`<(?:d:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:d:)?${name}>`).exec(entry);
    return m ? decodeXml(m[1].trim()) : undefined;
}
/** One feed entry: the gallery's spelling of the id and its declared dependencies. Pure. */
function parseEntry(xml) {
    const id = tag(xml, 'Id');
    if (!id)
        return undefined;
    return { id, dependencies: parseDependencies(tag(xml, 'Dependencies') ?? '') };
}
/** An OData string literal: 'X' with ' doubled, URL-encoded. */
const literal = (s) => encodeURIComponent(`'${s.replace(/'/g, "''")}'`);
/** Versions from one Atom page, plus the next page's URL. Pure. */
function parseFeed(xml) {
    const versions = [];
    for (const m of xml.matchAll(/<entry[\s>][\s\S]*?<\/entry>/g)) {
        const entry = m[0];
        const version = tag(entry, 'Version');
        if (!version)
            continue;
        const pre = tag(entry, 'IsPrerelease');
        versions.push({ version, prerelease: pre === 'true' || /-/.test(version) });
    }
    const next = /<link[^>]*rel="next"[^>]*href="([^"]+)"/.exec(xml) ?? /<link[^>]*href="([^"]+)"[^>]*rel="next"/.exec(xml);
    return { versions, next: next ? decodeXml(next[1]) : undefined };
}
class GalleryClient {
    pipeline;
    http = (0,core_rest_pipeline_dist_esm/* createDefaultHttpClient */.fl)();
    endpoint;
    constructor(endpoint, retryOptions) {
        this.endpoint = endpoint.replace(/\/+$/, '');
        this.pipeline = (0,core_rest_pipeline_dist_esm/* createPipelineFromOptions */.Fp)({
            retryOptions,
            userAgentOptions: { userAgentPrefix: 'exo-automation' },
        });
        this.pipeline.addPolicy(timeoutPolicy(), { afterPhase: 'Retry' });
    }
    /** Every version of `id` in the feed (all pages). */
    async versions(id) {
        const all = [];
        let url = `${this.endpoint}/FindPackagesById()?id=${encodeURIComponent(`'${id}'`)}`;
        for (let page = 0; url && page < 50; page++) {
            const res = await this.pipeline.sendRequest(this.http, (0,core_rest_pipeline_dist_esm/* createPipelineRequest */.G6)({ url, method: 'GET', headers: (0,core_rest_pipeline_dist_esm/* createHttpHeaders */.Nc)({ accept: 'application/atom+xml' }) }));
            if (res.status >= 400) {
                throw new src_errors/* AzureError */.M6({
                    service: 'Gallery',
                    status: res.status,
                    code: `HTTP${res.status}`,
                    message: `Listing versions of ${id} at ${this.endpoint} failed: ${(res.bodyAsText ?? '').slice(0, 500)}`,
                });
            }
            const parsed = parseFeed(res.bodyAsText ?? '');
            all.push(...parsed.versions);
            url = parsed.next;
        }
        return all;
    }
    failed(status, what, body) {
        return new src_errors/* AzureError */.M6({
            service: 'Gallery',
            status,
            code: `HTTP${status}`,
            message: `${what} at ${this.endpoint} failed: ${body.slice(0, 500)}`,
        });
    }
    /** The entry of one version (Packages(Id=,Version=)); undefined when the gallery has no such version. */
    async entry(id, version) {
        const url = `${this.endpoint}/Packages(Id=${literal(id)},Version=${literal(version)})`;
        const res = await this.pipeline.sendRequest(this.http, (0,core_rest_pipeline_dist_esm/* createPipelineRequest */.G6)({ url, method: 'GET', headers: (0,core_rest_pipeline_dist_esm/* createHttpHeaders */.Nc)({ accept: 'application/atom+xml' }) }));
        if (res.status === 404)
            return undefined;
        if (res.status >= 400)
            throw this.failed(res.status, `Reading ${id} ${version}`, res.bodyAsText ?? '');
        return parseEntry(res.bodyAsText ?? '');
    }
    /** The module manifest of one version, read from its package (the download Automation imports). */
    async manifest(id, version) {
        const res = await this.pipeline.sendRequest(this.http, (0,core_rest_pipeline_dist_esm/* createPipelineRequest */.G6)({
            url: this.packageUrl(id, version),
            method: 'GET',
            streamResponseStatusCodes: new Set([200]),
        }));
        if (res.status !== 200)
            throw this.failed(res.status, `Downloading ${id} ${version}`, res.bodyAsText ?? '');
        const chunks = [];
        for await (const chunk of res.readableStreamBody ?? [])
            chunks.push(Buffer.from(chunk));
        const text = nupkgManifest(Buffer.concat(chunks), id);
        return text === undefined ? {} : parseManifest(text);
    }
    /** The package download URL Automation imports from. */
    packageUrl(id, version) {
        return `${this.endpoint}/package/${encodeURIComponent(id)}/${encodeURIComponent(version)}`;
    }
}

// EXTERNAL MODULE: ./node_modules/@microsoft/microsoft-graph-client/lib/src/index.js
var src = __webpack_require__(1899);
;// CONCATENATED MODULE: ./src/clients/graph.ts




const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
class ReadOnlyMiddleware {
    next;
    async execute(context) {
        const url = typeof context.request === 'string' ? context.request : context.request.url;
        assertReadOnly(context.options?.method ?? 'GET', url);
        return this.next.execute(context);
    }
    setNext(next) {
        this.next = next;
    }
}
/**
 * Retries a request whose connection dropped (fetch throws) or that Graph answered 500/502 (the
 * RetryHandler only covers 429, 503 and 504), with a short backoff. A write retried after it took
 * effect is answered "already exists", which the callers adopt.
 */
class ConnectionRetryMiddleware {
    attempts;
    next;
    constructor(attempts) {
        this.attempts = attempts;
    }
    async execute(context) {
        for (let attempt = 0;; attempt++) {
            try {
                await this.next.execute(context);
                const status = context.response?.status;
                if (attempt >= this.attempts || (status !== 500 && status !== 502))
                    return;
            }
            catch (e) {
                if (e instanceof src/* GraphError */.h9 || attempt >= this.attempts || !isNetworkError(e))
                    throw e;
            }
            await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
        }
    }
    setNext(next) {
        this.next = next;
    }
}
/** Bounds each attempt (fetch sets no timeout); a timed-out attempt counts as a dropped connection. */
class TimeoutMiddleware {
    ms;
    next;
    constructor(ms) {
        this.ms = ms;
    }
    async execute(context) {
        const options = (context.options ??= {});
        const caller = options.signal ?? undefined;
        const timeout = AbortSignal.timeout(this.ms);
        options.signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
        try {
            return await this.next.execute(context);
        }
        finally {
            options.signal = caller;
        }
    }
    setNext(next) {
        this.next = next;
    }
}
function isNetworkError(e) {
    const err = e;
    return (err?.name === 'TypeError' ||
        err?.name === 'TimeoutError' ||
        /ECONNRESET|socket hang up|fetch failed|other side closed/i.test(`${err?.message} ${err?.cause?.code}`));
}
function toError(e) {
    if (e instanceof src/* GraphError */.h9) {
        let code = e.code ?? `HTTP${e.statusCode}`;
        let message = e.message;
        const body = e.body;
        if (typeof body === 'string') {
            try {
                const parsed = JSON.parse(body);
                code = parsed.error?.code ?? code;
                message = parsed.error?.message ?? message;
            }
            catch {
                /* keep the client's text */
            }
        }
        return new src_errors/* AzureError */.M6({
            service: 'Graph',
            status: e.statusCode,
            code,
            message,
            requestId: e.requestId ?? undefined,
        });
    }
    return e;
}
class GraphClient {
    client;
    constructor(opts) {
        const authProvider = {
            getAccessToken: async () => (await opts.credential.getToken(opts.scope))?.token ?? '',
        };
        const chain = [];
        if (opts.readOnly)
            chain.push(new ReadOnlyMiddleware());
        chain.push(new src/* AuthenticationHandler */.zA(authProvider), new src/* RetryHandler */.Z$(new src/* RetryHandlerOptions */.Rz(opts.retryDelaySeconds ?? 3, opts.maxRetries ?? 3)), new ConnectionRetryMiddleware(3), new TimeoutMiddleware(requestTimeoutMs()), new src/* RedirectHandler */.l3(), new src/* TelemetryHandler */.MD(), new src/* HTTPMessageHandler */.eg());
        for (let i = 0; i < chain.length - 1; i++)
            chain[i].setNext(chain[i + 1]);
        const endpoint = opts.endpoint.replace(/\/+$/, '');
        this.client = src/* Client */.Kj.initWithMiddleware({
            middleware: chain[0],
            baseUrl: endpoint,
            defaultVersion: 'v1.0',
            customHosts: new Set([new URL(endpoint).hostname]),
        });
    }
    async call(fn) {
        try {
            return await fn();
        }
        catch (e) {
            throw toError(e);
        }
    }
    async list(path, filter) {
        return this.call(async () => {
            const items = [];
            let req = this.client.api(path);
            if (filter)
                req = req.filter(filter);
            let page = (await req.get());
            items.push(...(page.value ?? []));
            while (page['@odata.nextLink']) {
                page = (await this.client.api(page['@odata.nextLink']).get());
                items.push(...(page.value ?? []));
            }
            return items;
        });
    }
    async findServicePrincipalByAppId(appId) {
        const found = await this.list('/servicePrincipals', `appId eq '${appId}'`);
        return found[0];
    }
    /** undefined when Graph does not (yet) see it */
    async getServicePrincipal(id) {
        try {
            return await this.call(() => this.client.api(`/servicePrincipals/${id}`).get());
        }
        catch (e) {
            if (e instanceof src_errors/* AzureError */.M6 && e.status === 404)
                return undefined;
            throw e;
        }
    }
    listAppRoleAssignments(principalId) {
        return this.list(`/servicePrincipals/${principalId}/appRoleAssignments`);
    }
    listRoleAssignments(principalId) {
        return this.list('/roleManagement/directory/roleAssignments', `principalId eq '${principalId}'`);
    }
    // ---- writes ----
    createServicePrincipal(appId) {
        return this.call(() => this.client.api('/servicePrincipals').post({ appId }));
    }
    addAppRoleAssignment(principalId, resourceId, appRoleId) {
        return this.call(() => this.client
            .api(`/servicePrincipals/${principalId}/appRoleAssignments`)
            .post({ principalId, resourceId, appRoleId }));
    }
    /** DELETE /servicePrincipals/{principalId}/appRoleAssignments/{id} */
    deleteAppRoleAssignment(principalId, id) {
        return this.call(() => this.client.api(`/servicePrincipals/${principalId}/appRoleAssignments/${id}`).delete());
    }
    addRoleAssignment(principalId, roleDefinitionId, directoryScopeId = '/') {
        return this.call(() => this.client.api('/roleManagement/directory/roleAssignments').post({
            '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
            roleDefinitionId,
            principalId,
            directoryScopeId,
        }));
    }
    deleteRoleAssignment(id) {
        return this.call(() => this.client.api(`/roleManagement/directory/roleAssignments/${id}`).delete());
    }
}

// EXTERNAL MODULE: ./node_modules/@azure/arm-msi/dist/esm/index.js + 10 modules
var arm_msi_dist_esm = __webpack_require__(4361);
;// CONCATENATED MODULE: ./src/clients/msi.ts
// User-assigned identities through @azure/arm-msi (2024-11-30), pointed at our endpoint and scope.






function toIdentity(i) {
    return {
        id: i.id ?? '',
        name: i.name ?? '',
        location: i.location,
        principalId: i.principalId ?? '',
        clientId: i.clientId ?? '',
        tenantId: i.tenantId,
    };
}
class MsiClient {
    client;
    constructor(opts) {
        const endpoint = opts.endpoint.replace(/\/+$/, '');
        this.client = new arm_msi_dist_esm/* ManagedServiceIdentityClient */.Gs(opts.credential, opts.subscriptionId, {
            endpoint,
            $host: endpoint,
            credentialScopes: [opts.scope],
            retryOptions: opts.retryOptions,
            additionalPolicies: [
                ...(opts.readOnly ? [{ policy: readOnlyPolicy(), position: 'perCall' }] : []),
                ...(opts.pacer ? [{ policy: pacingPolicy(opts.pacer), position: 'perRetry' }] : []),
                { policy: timeoutPolicy(), position: 'perRetry' },
            ],
        });
    }
    async getUserAssigned(resourceGroup, name) {
        try {
            return toIdentity(await this.client.userAssignedIdentities.get(resourceGroup, name));
        }
        catch (e) {
            if (e instanceof core_rest_pipeline_dist_esm/* RestError */.pj && e.statusCode === 404)
                return undefined;
            return rethrowArm(e);
        }
    }
    async createUserAssigned(resourceGroup, name, location) {
        try {
            return toIdentity(await this.client.userAssignedIdentities.createOrUpdate(resourceGroup, name, { location }));
        }
        catch (e) {
            return rethrowArm(e);
        }
    }
}

;// CONCATENATED MODULE: ./src/clients/index.ts







function build(opts, readOnly) {
    const { endpoints, credential } = opts;
    const pacer = pacerFor(endpoints.arm, opts.subscriptionId);
    const arm = new ArmClient({
        pacer,
        endpoint: endpoints.arm,
        scope: endpoints.armScope,
        credential,
        readOnly,
        retryOptions: opts.retryOptions,
        lroIntervalMs: opts.lroIntervalMs,
    });
    const sdk = {
        endpoint: endpoints.arm,
        scope: endpoints.armScope,
        credential,
        subscriptionId: opts.subscriptionId,
        readOnly,
        retryOptions: opts.retryOptions,
        pacer,
    };
    return {
        arm,
        automation: new AutomationClient(arm),
        msi: new MsiClient(sdk),
        compute: new ComputeClient({ ...sdk, lroIntervalMs: opts.lroIntervalMs }),
        graph: new GraphClient({
            endpoint: endpoints.graph,
            scope: endpoints.graphScope,
            credential,
            readOnly,
            retryDelaySeconds: opts.graphRetryDelaySeconds,
        }),
        gallery: new GalleryClient(endpoints.gallery, opts.retryOptions),
        pacer,
    };
}
/** Clients that cannot write: their types have no write methods and their pipelines refuse writes. */
function createReadClients(opts) {
    return build(opts, true);
}
function createWriteClients(opts) {
    return build(opts, false);
}
function createClientSet(opts) {
    let writers;
    return { readers: createReadClients(opts), writers: () => (writers ??= createWriteClients(opts)) };
}


;// CONCATENATED MODULE: ./src/run/sign-in.ts



/** The session, or undefined when a plan cannot read Azure (no OIDC token: a fork's pull request). */
function signIn({ inputs, mode }) {
    if (!oidcAvailable()) {
        if (mode === 'plan')
            return undefined;
        throw oidcUnavailableError();
    }
    const credential = createCredential({
        tenantId: inputs.tenantId,
        clientId: inputs.clientId,
        audience: inputs.audience,
        authorityHost: inputs.endpoints.authorityHost,
        announce: (line) => log/* log */.Rm.info(line),
    });
    const clients = createClientSet({ endpoints: inputs.endpoints, subscriptionId: inputs.subscriptionId, credential });
    return { credential, clients };
}

;// CONCATENATED MODULE: ./src/engine/change-graph.ts
/** Default: every change of the kinds it depends on, none of its own kind. */
function defaultNeeds(change, other) {
    return other.kind !== change.kind;
}
/** For each change (by index), the indices of the changes it waits for. */
function changeDeps(changes, kinds, upstream) {
    return changes.map((change) => {
        const needs = kinds.get(change.kind)?.needs ?? defaultNeeds;
        const above = upstream.get(change.kind) ?? new Set();
        const deps = [];
        changes.forEach((other, j) => {
            if (other === change || (other.kind !== change.kind && !above.has(other.kind)))
                return;
            if (needs(change, other))
                deps.push(j);
        });
        return deps;
    });
}
/** Graph nodes for the changes: node id = the change's index in `changes`. */
function changeNodes(changes, kinds, upstream, make) {
    const deps = changeDeps(changes, kinds, upstream);
    return changes.map((change, i) => ({ id: String(i), deps: deps[i].map(String), ...make(change) }));
}

;// CONCATENATED MODULE: ./src/engine/graph.ts
// One runner for observe and for apply, after Terraform's internal/dag/walk.go: every node waits
// for the nodes it depends on and runs as soon as they are done; a node whose dependency failed
// is skipped (walk.go: "upstream dependencies failed"), and everything not downstream of a failure
// runs to the end. Pure scheduling: no I/O, tested without the network.
/** Why get() of a skipped node rejects. */
class SkippedError extends Error {
    id;
    because;
    constructor(id, because) {
        super(`${id} was skipped: ${because.join(', ')} failed`);
        this.id = id;
        this.because = because;
    }
}
/** Depth of each node (longest dependency chain below it). Throws on unknown ids and cycles. */
function depths(deps) {
    const depth = new Map();
    const visiting = new Set();
    const visit = (id) => {
        const known = depth.get(id);
        if (known !== undefined)
            return known;
        const own = deps.get(id);
        if (!own)
            throw new Error(`unknown node ${id}`);
        if (visiting.has(id))
            throw new Error(`dependency cycle at ${id}`);
        visiting.add(id);
        const d = own.length ? Math.max(...own.map(visit)) + 1 : 0;
        visiting.delete(id);
        depth.set(id, d);
        return d;
    };
    for (const id of deps.keys())
        visit(id);
    return depth;
}
/**
 * Runs every node once its dependencies are done. Resolves when all nodes have ended, with their
 * outcomes in the order they ended; never rejects for a node's failure.
 */
async function walk(nodes, hooks = {}) {
    const byId = new Map();
    for (const n of nodes) {
        if (byId.has(n.id))
            throw new Error(`duplicate node ${n.id}`);
        byId.set(n.id, n);
    }
    depths(new Map(nodes.map((n) => [n.id, n.deps]))); // validates before anything runs
    const ended = new Map();
    const started = new Map();
    const get = (id) => start(id).then((o) => {
        if (o.status === 'done')
            return o.value;
        throw o.status === 'failed' ? o.error : new SkippedError(id, o.because);
    });
    const start = (id) => {
        let p = started.get(id);
        if (!p) {
            const node = byId.get(id);
            if (!node)
                return Promise.reject(new Error(`unknown node ${id}`));
            started.set(id, (p = runNode(node)));
        }
        return p;
    };
    const runNode = async (node) => {
        const upstream = await Promise.all(node.deps.map(start));
        const because = upstreamFailures(node.deps, upstream, ended);
        let outcome;
        if (because.length)
            outcome = { status: 'skipped', because };
        else {
            hooks.onStart?.(node.id);
            try {
                const value = await (node.pool ? node.pool.run(() => node.run(get)) : node.run(get));
                outcome = { status: 'done', value };
            }
            catch (error) {
                outcome = { status: 'failed', error };
            }
        }
        ended.set(node.id, outcome);
        hooks.onEnd?.(node.id, outcome);
        return outcome;
    };
    await Promise.all(nodes.map((n) => start(n.id)));
    return ended;
}
/** The failed nodes behind a node's dependencies, each once, in the order they ended. */
function upstreamFailures(deps, outcomes, ended) {
    const roots = new Set();
    outcomes.forEach((o, i) => {
        if (o.status === 'failed')
            roots.add(deps[i]);
        else if (o.status === 'skipped')
            o.because.forEach((b) => roots.add(b));
    });
    return [...ended.keys()].filter((id) => roots.has(id));
}

;// CONCATENATED MODULE: ./src/engine/apply.ts
// Apply through the graph runner: each change starts once the changes it needs are done (see
// change-graph.ts), so an import waits for its own environment only and a grant for the principal
// only. A failure skips only what depends on it; everything else is applied and reported.



const PROGRESS = Symbol.for('exo-automation.applyProgress');
function applyProgressOf(err) {
    return err && typeof err === 'object' ? (err[PROGRESS] ?? undefined) : undefined;
}
function withProgress(err, progress) {
    if (err && typeof err === 'object')
        Object.defineProperty(err, PROGRESS, { value: progress, enumerable: false });
    return err;
}
/** Applies `changes` (in plan order); resolves with them all, or throws the first failure with its progress. */
async function applyChanges(changes, kinds, graph, ctx, 
/** where what each change produced goes (ctx.output reads it) */
outputs) {
    // one line every 20 s while changes are in flight, and one as each completes (src/log/heartbeat.ts)
    const beat = new heartbeat/* Heartbeat */.XE((line) => ctx.log.info(line));
    const pools = new Map([...kinds].flatMap(([name, k]) => (k.pool ? [[name, k.pool(ctx)]] : [])));
    const nodes = changeNodes(changes, kinds, graph.upstream, (change) => ({
        pool: pools.get(change.kind),
        run: async () => {
            ctx.log.info(`${sign(change)} ${change.kind} ${change.name}: ${change.reason}`);
            const produced = await beat.track(`${change.kind} ${change.name}`, () => kinds.get(change.kind).apply(change, ctx));
            outputs?.merge(change.kind, produced);
        },
    }));
    const outcomes = await walk(nodes);
    const applied = [];
    const progress = { applied, failures: [], skipped: [] };
    changes.forEach((change, i) => {
        const o = outcomes.get(nodes[i].id);
        if (o.status === 'done')
            applied.push(change);
        else if (o.status === 'failed')
            progress.failures.push({ change, error: o.error });
        else
            progress.skipped.push({ change, because: o.because.map((id) => changes[Number(id)]) });
    });
    if (!progress.failures.length)
        return applied;
    const [first, ...others] = progress.failures;
    for (const f of others)
        ctx.log.warning(`${f.change.kind} ${f.change.name} also failed: ${f.error.message}`);
    for (const s of progress.skipped) {
        ctx.log.warning(`${s.change.kind} ${s.change.name} not applied: ${s.because.map(label).join(', ')} failed`);
    }
    throw withProgress(first.error, { ...progress, failed: first.change });
}
function label(c) {
    return `${c.kind} ${c.name}`;
}
function sign(c) {
    return c.action === 'create' ? '+' : c.action === 'update' ? '~' : '-';
}

;// CONCATENATED MODULE: ./src/engine/outputs.ts
class Outputs {
    byKind = new Map();
    constructor(kinds, observed, desired) {
        for (const k of kinds) {
            if (k.outputs)
                this.byKind.set(k.kind, { ...k.outputs(observed.get(k.kind), desired) });
        }
    }
    get(ref) {
        return this.byKind.get(ref.kind);
    }
    /** What an applied change of `kind` produced; keys it returns (even as undefined) replace the old. */
    merge(kind, produced) {
        if (!produced)
            return;
        this.byKind.set(kind, { ...this.byKind.get(kind), ...produced });
    }
}

;// CONCATENATED MODULE: ./src/engine/phases/diff-phase.ts
// Phase 3: each kind's outputs and notes from its observation, then its diff, in dependency order;
// every configuration problem at once. The changes come out in plan order (depth, registry, diff order).


function diffPhase(graph, desired, observed) {
    const { enabled, depth } = graph;
    const byDepth = [...enabled].sort((a, b) => depth.get(a.kind) - depth.get(b.kind));
    const notes = byDepth.map((k) => k.notes?.(observed.get(k.kind)) ?? {});
    const problems = [];
    const findings = [];
    const found = [];
    for (const k of byDepth) {
        try {
            found.push(...k.diff(desired, observed.get(k.kind)));
        }
        catch (e) {
            if (e instanceof src_errors/* ConfigError */.xL) {
                problems.push(...e.problems);
                findings.push(...e.findings);
            }
            else
                throw e;
        }
    }
    if (problems.length)
        throw new src_errors/* ConfigError */.xL(problems, findings);
    return {
        changes: planOrder(graph, found),
        outputs: new Outputs(byDepth, observed, desired),
        warnings: notes.flatMap((n) => n.warnings ?? []),
        findings: notes.flatMap((n) => n.findings ?? []),
    };
}
function planOrder({ enabled, depth }, changes) {
    const index = new Map(enabled.map((k, i) => [k.kind, i]));
    return changes
        .map((c, i) => ({ c, i }))
        .sort((a, b) => (depth.get(a.c.kind) ?? 0) - (depth.get(b.c.kind) ?? 0) ||
        (index.get(a.c.kind) ?? 0) - (index.get(b.c.kind) ?? 0) ||
        a.i - b.i)
        .map((x) => x.c);
}

;// CONCATENATED MODULE: ./src/engine/observe.ts

async function observeAll(kinds, desired, clients, log, side) {
    const names = new Set(kinds.map((k) => k.kind));
    const known = (name) => (names.has(name) ? undefined : `kind ${name} is not part of this run`);
    // No graph dependencies: every observation starts at once and awaits what it reads through get.
    const nodes = kinds.map((k) => {
        const allowed = new Set(k.dependsOn(desired));
        return {
            id: k.kind,
            deps: [],
            run: (get) => k.observe({
                desired,
                clients,
                log,
                get: ({ kind: name }) => names.has(name) && allowed.has(name)
                    ? get(name)
                    : Promise.reject(new Error(`kind ${k.kind} read ${name}, which it does not depend on or which is disabled`)),
            }),
        };
    });
    if (side) {
        nodes.push({
            id: SIDE,
            deps: [],
            run: (get) => side(({ kind: name }) => known(name) ? Promise.reject(new Error(known(name))) : get(name)),
        });
    }
    const outcomes = await walk(nodes);
    const failed = [...outcomes.values()].find((o) => o.status === 'failed');
    if (failed?.status === 'failed')
        throw failed.error; // the first failure seen
    return new Map(kinds.map((k) => [k.kind, outcomes.get(k.kind).value]));
}
/** The side reads' node (never a kind's name). */
const SIDE = '\u0000side';

;// CONCATENATED MODULE: ./src/engine/graph-needs.ts
const GRAPH_NEEDS = {
    readServicePrincipals: [
        'Application.Read.All',
        'Application.ReadWrite.All',
        'Directory.Read.All',
        'Directory.ReadWrite.All',
    ],
    readRoleAssignments: [
        'RoleManagement.ReadWrite.Directory',
        'RoleManagement.Read.Directory',
        'RoleManagement.Read.All',
        'Directory.Read.All',
        'Directory.ReadWrite.All',
    ],
    createServicePrincipal: ['Application.ReadWrite.All', 'Directory.ReadWrite.All'],
    grantAppRole: ['AppRoleAssignment.ReadWrite.All'],
    assignDirectoryRole: ['RoleManagement.ReadWrite.Directory'],
};

;// CONCATENATED MODULE: ./src/kinds/app-role.ts
// The Exchange.ManageAsApp app role of the Exchange Online service principal, granted to the
// identity's service principal. Graph paths and bodies use the principal *object* id.





const MANAGE_AS_APP_VALUE = 'Exchange.ManageAsApp';
const MANAGE_AS_APP_ID = 'dc50a0fb-09a3-484d-be87-e023b12c6440';
/** The role id by its value among the SP's app roles, checked against the documented id. Pure. */
function resolveManageAsApp(appRoles) {
    const role = (appRoles ?? []).find((r) => r.value === MANAGE_AS_APP_VALUE);
    if (!role) {
        return {
            id: MANAGE_AS_APP_ID,
            warning: `The Exchange Online service principal lists no app role ${MANAGE_AS_APP_VALUE}; using its documented id ${MANAGE_AS_APP_ID}.`,
        };
    }
    if (role.id.toLowerCase() !== MANAGE_AS_APP_ID) {
        return {
            id: role.id,
            warning: `App role ${MANAGE_AS_APP_VALUE} has id ${role.id} in this tenant, not the documented ${MANAGE_AS_APP_ID}; using ${role.id}.`,
        };
    }
    return { id: role.id };
}
function diffAppRole(_desired, observed) {
    if (observed.assignment)
        return [];
    const reason = !observed.principalId
        ? 'not granted: the identity does not exist yet'
        : !observed.exchangeSpId
            ? 'not granted: the Exchange Online service principal does not exist yet'
            : 'not granted to the identity';
    return [{ kind: APP_ROLE_ASSIGNMENT, name: MANAGE_AS_APP_VALUE, action: 'create', reason }];
}
const appRoleKind = {
    kind: APP_ROLE_ASSIGNMENT,
    dependsOn: (d) => [identityKindOf(d), EXCHANGE_SERVICE_PRINCIPAL],
    permissions: { graphRead: [GRAPH_NEEDS.readServicePrincipals], graphWrite: [GRAPH_NEEDS.grantAppRole] },
    async observe(ctx) {
        const [principalId, exo] = await Promise.all([observedPrincipalId(ctx), ctx.get(OBSERVED.exchangeSp)]);
        const { id: appRoleId, warning } = resolveManageAsApp(exo.sp?.appRoles);
        const observed = {
            principalId,
            exchangeSpId: exo.sp?.id,
            appRoleId,
            warning: exo.sp ? warning : undefined,
        };
        if (!principalId || !exo.sp)
            return observed;
        // a principal Graph does not see yet has no grants
        const assignments = await unlessNotReplicated(ctx.clients.graph.listAppRoleAssignments(principalId), []);
        observed.assignment = assignments.find((a) => a.resourceId.toLowerCase() === exo.sp.id.toLowerCase() &&
            a.appRoleId.toLowerCase() === appRoleId.toLowerCase());
        return observed;
    },
    notes: (observed) => ({ warnings: observed.warning ? [observed.warning] : [] }),
    diff: diffAppRole,
    async apply(_change, ctx) {
        const principalId = requirePrincipal(ctx);
        const exo = ctx.output(OUTPUTS.exchangeSp)?.sp;
        if (!exo) {
            throw new src_errors/* AzureError */.M6({
                service: 'Graph',
                status: 0,
                code: 'ExchangeServicePrincipalMissing',
                message: 'The Exchange Online service principal is missing; it should have been created first.',
            });
        }
        const { id: appRoleId } = resolveManageAsApp(exo.appRoles);
        await withReplicationRetry(ctx, 'grant Exchange.ManageAsApp', async () => {
            try {
                await ctx.clients.graph.addAppRoleAssignment(principalId, exo.id, appRoleId);
            }
            catch (e) {
                if (!isAlreadyExists(e))
                    throw e; // made by hand or a concurrent run: adopted
            }
        });
    },
};

// EXTERNAL MODULE: ./src/roles.ts
var roles = __webpack_require__(554);
;// CONCATENATED MODULE: ./src/kinds/directory-roles.ts
// Entra directory roles assigned to the identity at scope "/", by template id (built-in role
// definition ids equal their template ids). With exclusive-roles, the other supported roles go.






const same = (a, b) => a.toLowerCase() === b.toLowerCase();
function diffDirectoryRoles(desired, observed) {
    const changes = [];
    for (const role of desired.roles) {
        const held = observed.assignments.some((a) => same(a.roleDefinitionId, role.templateId) && a.directoryScopeId === '/');
        if (held)
            continue;
        changes.push({
            kind: DIRECTORY_ROLE_ASSIGNMENT,
            name: role.displayName,
            action: 'create',
            reason: observed.principalId ? 'not assigned at scope /' : 'not assigned: the identity does not exist yet',
            after: { roleDefinitionId: role.templateId, directoryScopeId: '/' },
            data: { templateId: role.templateId },
        });
    }
    if (desired.exclusiveRoles) {
        for (const a of observed.assignments) {
            const supported = roles/* SUPPORTED_ROLES */.p3.find((r) => same(r.templateId, a.roleDefinitionId));
            // Only the roles Exchange supports are ours to remove; anything else is never touched.
            if (!supported || desired.roles.some((r) => same(r.templateId, a.roleDefinitionId)))
                continue;
            changes.push({
                kind: DIRECTORY_ROLE_ASSIGNMENT,
                name: supported.displayName,
                action: 'delete',
                reason: `not in \`roles\` and \`exclusive-roles\` is true (scope ${a.directoryScopeId})`,
                before: { roleDefinitionId: a.roleDefinitionId, directoryScopeId: a.directoryScopeId },
                data: { assignmentId: a.id },
            });
        }
    }
    return changes;
}
const directoryRolesKind = {
    desire: ({ inputs }) => ({ roles: inputs.roles, exclusiveRoles: inputs.exclusiveRoles }),
    kind: DIRECTORY_ROLE_ASSIGNMENT,
    dependsOn: (d) => [identityKindOf(d)],
    permissions: { graphRead: [GRAPH_NEEDS.readRoleAssignments], graphWrite: [GRAPH_NEEDS.assignDirectoryRole] },
    async observe(ctx) {
        const principalId = await observedPrincipalId(ctx);
        if (!principalId)
            return { assignments: [] };
        return {
            principalId,
            assignments: await unlessNotReplicated(ctx.clients.graph.listRoleAssignments(principalId), []),
        };
    },
    diff: diffDirectoryRoles,
    async apply(change, ctx) {
        const { data } = change;
        if (change.action === 'delete') {
            try {
                await ctx.clients.graph.deleteRoleAssignment(data.assignmentId);
            }
            catch (e) {
                if (!(e instanceof src_errors/* AzureError */.M6 && e.status === 404))
                    throw e; // already gone
            }
            return;
        }
        const principalId = requirePrincipal(ctx);
        await withReplicationRetry(ctx, `assign ${change.name}`, async () => {
            try {
                await ctx.clients.graph.addRoleAssignment(principalId, data.templateId, '/');
            }
            catch (e) {
                if (!isAlreadyExists(e))
                    throw e;
            }
        });
    },
};

;// CONCATENATED MODULE: ./src/kinds/exchange-service-principal.ts
// The "Office 365 Exchange Online" service principal (appId 00000002-0000-0ff1-ce00-000000000000):
// the resource of the Exchange.ManageAsApp app role. Created in the tenant when missing.




function diffExchangeSp(_desired, observed) {
    if (observed.sp)
        return [];
    return [
        {
            kind: EXCHANGE_SERVICE_PRINCIPAL,
            name: 'Office 365 Exchange Online',
            action: 'create',
            reason: `no service principal for appId ${EXCHANGE_APP_ID} in the tenant`,
            after: { appId: EXCHANGE_APP_ID },
        },
    ];
}
/** What the app role grant needs of the service principal. */
function spOutputs(sp) {
    return sp
        ? { sp: { id: sp.id, appRoles: (sp.appRoles ?? []).map((r) => ({ id: r.id, value: r.value ?? '' })) } }
        : {};
}
const exchangeSpKind = {
    kind: EXCHANGE_SERVICE_PRINCIPAL,
    dependsOn: () => [],
    permissions: { graphRead: [GRAPH_NEEDS.readServicePrincipals], graphWrite: [GRAPH_NEEDS.createServicePrincipal] },
    async observe(ctx) {
        return { sp: await ctx.clients.graph.findServicePrincipalByAppId(EXCHANGE_APP_ID) };
    },
    outputs: (observed) => spOutputs(observed.sp),
    diff: diffExchangeSp,
    async apply(_change, ctx) {
        let sp;
        try {
            sp = await ctx.clients.graph.createServicePrincipal(EXCHANGE_APP_ID);
        }
        catch (e) {
            // Created meanwhile (by hand or a concurrent run): adopt it.
            if (!isAlreadyExists(e))
                throw e;
            sp = await ctx.clients.graph.findServicePrincipalByAppId(EXCHANGE_APP_ID);
        }
        return spOutputs(sp);
    },
};

// EXTERNAL MODULE: ./src/graph-permissions/catalog.ts
var catalog = __webpack_require__(3442);
// EXTERNAL MODULE: ./src/graph-permissions/resolve.ts
var resolve = __webpack_require__(9809);
;// CONCATENATED MODULE: ./src/kinds/graph-permissions.ts
// Microsoft Graph application permissions of the identity (input graph-permissions): app role
// assignments on the Microsoft Graph service principal (appId 00000003-0000-0000-c000-000000000000)
// granted to the identity's service principal, by its *object* id. Entries are resolved by value or
// id among the Graph SP's appRoles at plan time (src/graph-permissions/resolve.ts); existing grants
// are adopted; with exclusive-graph-permissions the identity's other Graph permissions are removed.







/** The entries resolved against the Graph SP's roles; every problem at once, naming the input. */
function resolveDesired(wanted, observed) {
    if (!observed.graphSp) {
        // constructed: the Graph SP exists in every tenant; without it nothing can be granted
        throw new src_errors/* ConfigError */.xL([
            `graph-permissions: the tenant has no Microsoft Graph service principal (appId ${catalog/* GRAPH_APP_ID */.tu}) to grant its permissions on`,
        ]);
    }
    const { resolved, problems } = (0,resolve/* resolveGraphPermissions */.B$)(wanted.entries, observed.graphSp.appRoles);
    if (!wanted.allowPrivileged) {
        // the inputs refuse these offline already; the service principal's ids are checked again here
        for (const p of resolved.filter((r) => (0,catalog/* isPrivilegedPermission */.HQ)(r.id))) {
            problems.push(`graph-permissions: ${p.value} is privileged; refused unless allow-privileged-permissions is true`);
        }
    }
    if (problems.length)
        throw new src_errors/* ConfigError */.xL(problems);
    return { resolved, graphSp: observed.graphSp };
}
function diffGraphPermissions(desired, observed) {
    const wanted = desired.graphPermissions;
    if (!wanted)
        return [];
    const { resolved, graphSp } = resolveDesired(wanted, observed);
    const { grant, revoke } = (0,resolve/* diffGraphAssignments */.OE)(resolved, observed.assignments, graphSp.id, wanted.exclusive);
    const names = new Map((0,resolve/* applicationRoles */.W3)(graphSp.appRoles).map((r) => [r.id, r.value]));
    return [
        ...grant.map((p) => ({
            kind: GRAPH_PERMISSIONS,
            name: p.value,
            action: 'create',
            reason: observed.principalId ? 'not granted to the identity' : 'not granted: the identity does not exist yet',
            after: { resource: 'Microsoft Graph', appRoleId: p.id },
            data: { appRoleId: p.id, graphSpId: graphSp.id },
        })),
        ...revoke.map((a) => ({
            kind: GRAPH_PERMISSIONS,
            name: names.get(a.appRoleId.toLowerCase()) ?? a.appRoleId,
            action: 'delete',
            reason: 'not in `graph-permissions` and `exclusive-graph-permissions` is true',
            before: { resource: 'Microsoft Graph', appRoleId: a.appRoleId },
            data: { assignmentId: a.id },
        })),
    ];
}
async function revoke(assignmentId, ctx) {
    try {
        await ctx.clients.graph.deleteAppRoleAssignment(requirePrincipal(ctx), assignmentId);
    }
    catch (e) {
        if (!(e instanceof src_errors/* AzureError */.M6 && e.status === 404))
            throw e; // already gone
    }
}
const graphPermissionsKind = {
    kind: GRAPH_PERMISSIONS,
    desire: ({ inputs }) => inputs.graphPermissions.length || inputs.exclusiveGraphPermissions
        ? {
            graphPermissions: {
                entries: inputs.graphPermissions,
                exclusive: inputs.exclusiveGraphPermissions,
                allowPrivileged: inputs.allowPrivilegedPermissions,
            },
        }
        : {},
    enabled: (d) => d.graphPermissions !== undefined,
    dependsOn: (d) => [identityKindOf(d)],
    permissions: { graphRead: [GRAPH_NEEDS.readServicePrincipals], graphWrite: [GRAPH_NEEDS.grantAppRole] },
    async observe(ctx) {
        const [principalId, sp] = await Promise.all([
            observedPrincipalId(ctx),
            ctx.clients.graph.findServicePrincipalByAppId(catalog/* GRAPH_APP_ID */.tu),
        ]);
        const observed = {
            principalId,
            graphSp: sp ? { id: sp.id, appRoles: sp.appRoles ?? [] } : undefined,
            assignments: [],
        };
        // a principal Graph does not see yet has no grants
        if (principalId) {
            observed.assignments = await unlessNotReplicated(ctx.clients.graph.listAppRoleAssignments(principalId), []);
        }
        return observed;
    },
    diff: diffGraphPermissions,
    async apply(change, ctx) {
        const { data } = change;
        if ('assignmentId' in data)
            return revoke(data.assignmentId, ctx);
        const principalId = requirePrincipal(ctx);
        await withReplicationRetry(ctx, `grant ${change.name}`, async () => {
            try {
                await ctx.clients.graph.addAppRoleAssignment(principalId, data.graphSpId, data.appRoleId);
            }
            catch (e) {
                if (!isAlreadyExists(e))
                    throw e; // made by hand or a concurrent run: adopted
            }
        });
    },
};

;// CONCATENATED MODULE: ./src/kinds/package-owner.ts
// Which packages of a runtime environment the action added for the `modules` input. Packages
// carry no marker of their own that the action can rely on, so the runtime environment (created
// by the action, and an ARM tracked resource whose tags Azure keeps) lists them in a tag:
//
//   exo-automation-modules: Microsoft.Graph.Authentication,Microsoft.Graph.Users
//
// (continued in exo-automation-modules-2, -3, ... past ARM's 256-character tag value limit). A
// package is pruned only when this tag lists it and the input no longer asks for it; packages
// added by hand, or by anyone else, are never in the tag and never touched. Pure.
const MODULES_TAG = 'exo-automation-modules';
/** ARM: tag values up to 256 characters (learn.microsoft.com "Use tags to organize your Azure resources"). */
const MAX_TAG_VALUE = 256;
const TAG_RE = new RegExp(`^${MODULES_TAG}(?:-(\\d+))?$`, 'i');
/** The names the tag(s) list, in tag order. */
function markedPackages(tags) {
    const parts = Object.entries(tags ?? {})
        .map(([k, v]) => ({ n: TAG_RE.exec(k), v }))
        .filter((e) => e.n)
        .sort((a, b) => Number(a.n[1] ?? 1) - Number(b.n[1] ?? 1));
    return parts
        .flatMap((p) => p.v.split(','))
        .map((s) => s.trim())
        .filter(Boolean);
}
/** The marker tags for `names` (sorted, comma-joined, split at the value limit); {} for none. */
function markerTags(names) {
    const sorted = [...new Set(names)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const values = [];
    for (const name of sorted) {
        const last = values.at(-1);
        if (last !== undefined && last.length + 1 + name.length <= MAX_TAG_VALUE)
            values[values.length - 1] = `${last},${name}`;
        else
            values.push(name);
    }
    return Object.fromEntries(values.map((v, i) => [i === 0 ? MODULES_TAG : `${MODULES_TAG}-${i + 1}`, v]));
}
/** `tags` with the marker replaced by the one for `names` (other tags kept as they are). */
function withMarker(tags, names) {
    const kept = Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => !TAG_RE.test(k)));
    return { ...kept, ...markerTags(names) };
}
/** Same set of names, whatever the case and order. */
function sameNames(a, b) {
    const norm = (x) => [...new Set(x.map((s) => s.toLowerCase()))].sort().join('\n');
    return norm(a) === norm(b);
}

;// CONCATENATED MODULE: ./src/kinds/packages.ts
// Packages of each runtime environment: ExchangeOnlineManagement at the resolved version, after
// PackageManagement and PowerShellGet where the runtime needs them. An import is a state machine,







const DONE = new Set(['succeeded', 'created']);
const FAILED = new Set(['failed', 'canceled', 'cancelled']);
function sameVersion(a, b) {
    if (!a)
        return false;
    if ((0,compat/* parseVersion */.ot)(a) && (0,compat/* parseVersion */.ot)(b))
        return (0,compat/* compareVersions */.Zy)(a, b) === 0;
    return a.toLowerCase() === b.toLowerCase();
}
function packageVersion(p) {
    return p.properties?.version || p.properties?.contentLink?.version || undefined;
}
const isModule = (rt, name) => (rt.modules ?? []).some((m) => m.toLowerCase() === name.toLowerCase());
/**
 * Prune and ownership tag of one environment: packages the tag lists that the input dropped are
 * removed (only if still there); the tag is rewritten when its list differs from the input's.
 */
function diffOwnedPackages(rt, existing, marked) {
    if (!rt.modules)
        return [];
    const base = { environment: rt.environment, runtime: rt.runtime, version: '' };
    const wanted = new Set(rt.packages.map((p) => p.name.toLowerCase()));
    const changes = [];
    for (const name of marked) {
        const have = (existing ?? []).find((p) => p.name.toLowerCase() === name.toLowerCase());
        if (wanted.has(name.toLowerCase()) || !have)
            continue;
        changes.push({
            kind: PACKAGE,
            name: `${rt.environment}/${have.name}`,
            action: 'delete',
            reason: `added by exo-automation for \`modules\` (tag ${MODULES_TAG}), no longer listed; remove it`,
            before: { version: packageVersion(have) },
            data: { ...base, package: have.name, remove: true, module: true },
        });
    }
    const want = rt.modules;
    if (!sameNames(want, marked)) {
        changes.push({
            kind: PACKAGE,
            name: `${rt.environment} [tag ${MODULES_TAG}]`,
            action: 'update',
            reason: want.length
                ? `record the packages added for \`modules\`: ${want.join(', ')}`
                : 'no packages added for `modules` any more; clear the record',
            before: { [MODULES_TAG]: marked.join(',') || undefined },
            after: { [MODULES_TAG]: want.join(',') || undefined },
            data: { ...base, package: MODULES_TAG, marker: want },
        });
    }
    return changes;
}
function diffPackages(desired, observed, marked = {}) {
    const changes = [];
    for (const rt of desired.runtimes) {
        const existing = observed[rt.environment] ?? [];
        for (const want of rt.packages) {
            const data = {
                environment: rt.environment,
                runtime: rt.runtime,
                package: want.name,
                version: want.version,
                ...(want.dependsOn ? { dependsOn: want.dependsOn } : {}),
                ...(isModule(rt, want.name) ? { module: true } : {}),
            };
            const base = {
                kind: PACKAGE,
                name: `${rt.environment}/${want.name}`,
                after: { version: want.version },
                data,
            };
            const have = existing.find((p) => p.name.toLowerCase() === want.name.toLowerCase());
            if (!have) {
                changes.push({ ...base, action: 'create', reason: `missing; import ${want.name} ${want.version}` });
                continue;
            }
            const state = (have.properties?.provisioningState ?? '').toLowerCase();
            const version = packageVersion(have);
            const before = { version, state: have.properties?.provisioningState };
            if (FAILED.has(state)) {
                // A failed import is put again (re-running resumes): Azure's own text says why it failed.
                const why = have.properties?.error?.message;
                changes.push({
                    ...base,
                    before,
                    action: 'update',
                    reason: `last import ${have.properties?.provisioningState}${why ? ` (${why})` : ''}; import ${want.version} again`,
                });
            }
            else if (!DONE.has(state)) {
                // Still importing: wait for it when it is the right version, otherwise replace it.
                const waitOnly = sameVersion(version, want.version);
                changes.push({
                    ...base,
                    before,
                    action: 'update',
                    reason: waitOnly
                        ? `import of ${want.version} still running (${have.properties?.provisioningState}); wait for it`
                        : `import of ${version ?? 'another version'} running; import ${want.version}`,
                    data: { ...data, waitOnly },
                });
            }
            else if (!sameVersion(version, want.version)) {
                changes.push({
                    ...base,
                    before,
                    action: 'update',
                    reason: `version ${version ?? 'unknown'}; import ${want.version}`,
                });
            }
        }
        changes.push(...diffOwnedPackages(rt, observed[rt.environment], marked[rt.environment] ?? []));
    }
    return changes;
}
/** A change of this kind (its data is a PackageData, made by diffPackages). */
function isPackageChange(change) {
    return change.kind === PACKAGE;
}
/**
 * An import waits for its own runtime environment (not the others) and, in it, for the packages
 * it declares a dependency on; the packages of one environment otherwise import in parallel.
 */
function packageNeeds(change, other) {
    const { data } = change;
    if (other.kind === RUNTIME_ENVIRONMENT)
        return other.name.toLowerCase() === data.environment.toLowerCase();
    if (!isPackageChange(other))
        return true;
    const dep = other.data;
    const same = (a, b) => a.toLowerCase() === b.toLowerCase();
    if (!same(dep.environment, data.environment))
        return false;
    // the ownership tag is written once the environment's module imports and removals are done
    if (data.marker)
        return !dep.marker && dep.module === true;
    return (data.dependsOn ?? []).some((d) => same(d, dep.package));
}
function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}
/**
 * Each poll's wait is the last one x1.1: an import seen done at most ~10 % after it ended (x1.5
 * overshot ExchangeOnlineManagement's minutes by up to half: the bench's azure profile), for about
 * 60 reads over a 3-minute import, well inside ARM's read budget (25/s).
 */
const IMPORT_POLL_GROWTH = 1.1;
/** Poll until a terminal state; bounded by importTimeoutMs, backoff from small to importPollMaxMs. */
async function waitForImport(ctx, data) {
    const ref = accountRef(ctx.desired);
    const deadline = Date.now() + ctx.options.importTimeoutMs;
    let delay = ctx.options.importPollInitialMs;
    for (;;) {
        const pkg = await ctx.clients.automation.getPackage(ref, data.environment, data.package);
        const state = (pkg?.properties?.provisioningState ?? '').toLowerCase();
        (0,heartbeat/* heartbeatState */.Sc)(`import ${pkg?.properties?.provisioningState ?? 'not found yet'}`);
        if (pkg && DONE.has(state))
            return pkg;
        if (pkg && FAILED.has(state)) {
            const err = pkg.properties?.error;
            throw new src_errors/* AzureError */.M6({
                service: 'Automation',
                status: 0,
                code: err?.code || 'PackageImportFailed',
                hint: (0,src_errors/* importFailureHint */.PC)(err?.message),
                message: `Import of ${data.package} ${data.version} into runtime environment ${data.environment} ` +
                    `(PowerShell ${data.runtime}) ended ${pkg.properties?.provisioningState}: ${err?.message ?? 'Azure gave no error text'}`,
            });
        }
        if (Date.now() + delay > deadline) {
            throw new src_errors/* AzureError */.M6({
                service: 'Automation',
                status: 0,
                code: 'PackageImportTimeout',
                message: `Import of ${data.package} ${data.version} into runtime environment ${data.environment} ` +
                    `(PowerShell ${data.runtime}) did not finish within ${Math.round(ctx.options.importTimeoutMs / 1000)} s ` +
                    `(last state: ${pkg?.properties?.provisioningState ?? 'not found'}). Re-run to resume waiting.`,
            });
        }
        await sleep(delay);
        delay = Math.min(delay * IMPORT_POLL_GROWTH, ctx.options.importPollMaxMs);
    }
}
const PACKAGES_ACTION = 'Microsoft.Automation/automationAccounts/runtimeEnvironments/packages';
/** The ownership tag: written on the environment (GET, then PUT of what was read with the tag replaced). */
async function writeMarker(ctx, data) {
    const ref = accountRef(ctx.desired);
    const env = await ctx.clients.automation.getRuntimeEnvironment(ref, data.environment);
    if (!env)
        throw new Error(`runtime environment ${data.environment} is gone; re-run to create it`);
    // RuntimeEnvironmentUpdateParameters (PATCH) carries no tags in the 2024-10-23 spec: a PUT of
    // the environment as read, tags included (TrackedResource), is the one way to set them.
    await ctx.clients.automation.putRuntimeEnvironment(ref, data.environment, {
        location: env.location,
        tags: withMarker(env.tags, data.marker ?? []),
        properties: {
            runtime: env.properties?.runtime,
            ...(env.properties?.defaultPackages ? { defaultPackages: env.properties.defaultPackages } : {}),
            ...(env.properties?.description !== undefined ? { description: env.properties.description } : {}),
        },
    });
}
const packageKind = {
    kind: PACKAGE,
    dependsOn: () => [RUNTIME_ENVIRONMENT],
    permissions: {
        armWrite: (c, at) => [
            {
                scope: at.scopeOf(at.desired.resourceGroup),
                action: c.data?.marker
                    ? 'Microsoft.Automation/automationAccounts/runtimeEnvironments/write'
                    : `${PACKAGES_ACTION}/${c.data?.remove ? 'delete' : 'write'}`,
            },
        ],
    },
    async observe(ctx) {
        // The environments' names are known by construction: their package lists are read at once,
        // beside the environment list (404 = [] under a missing environment), not after it.
        const ref = accountRef(ctx.desired);
        const [envs, lists] = await Promise.all([
            ctx.get(OBSERVED.runtimeEnvironments),
            Promise.all(ctx.desired.runtimes.map((rt) => ctx.clients.automation.listPackages(ref, rt.environment))),
        ]);
        const found = ctx.desired.runtimes.map((rt) => findEnvironment(envs.environments, rt.environment));
        return {
            packages: Object.fromEntries(ctx.desired.runtimes.map((rt, i) => [rt.environment, found[i] ? lists[i] : undefined])),
            marked: Object.fromEntries(ctx.desired.runtimes.map((rt, i) => [rt.environment, markedPackages(found[i]?.tags)])),
        };
    },
    diff: (desired, observed) => diffPackages(desired, observed.packages, observed.marked),
    needs: packageNeeds,
    async apply(change, ctx) {
        const { data } = change;
        if (data.marker)
            return writeMarker(ctx, data);
        if (data.remove) {
            await ctx.clients.automation.deletePackage(accountRef(ctx.desired), data.environment, data.package);
            return;
        }
        if (!data.waitOnly) {
            await ctx.clients.automation.putPackage(accountRef(ctx.desired), data.environment, data.package, {
                properties: {
                    contentLink: { uri: ctx.clients.gallery.packageUrl(data.package, data.version), version: data.version },
                },
            });
        }
        await waitForImport(ctx, data);
    },
};

;// CONCATENATED MODULE: ./src/kinds/schedule-time.ts
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const formatters = new Map();
function formatter(tz) {
    let f = formatters.get(tz);
    if (!f) {
        f = new Intl.DateTimeFormat('en-US', {
            timeZone: tz,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
        });
        formatters.set(tz, f);
    }
    return f;
}
/** The wall-clock time of `ms` in `tz`, as a UTC-based number (fields read as if UTC). */
function wallOf(tz, ms) {
    const parts = Object.fromEntries(formatter(tz)
        .formatToParts(new Date(ms))
        .map((p) => [p.type, p.value]));
    const n = (k) => Number(parts[k]);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'), n('second'));
}
/** Offset of `tz` from UTC at `ms`, in minutes. */
function offsetMinutes(tz, ms) {
    return Math.round((wallOf(tz, Math.floor(ms / 1000) * 1000) - Math.floor(ms / 1000) * 1000) / MINUTE);
}
/** The instant a wall-clock time (UTC-based number) means in `tz`; a time skipped by DST moves forward. */
function instantOf(tz, wall) {
    let t = wall - offsetMinutes(tz, wall) * MINUTE;
    t = wall - offsetMinutes(tz, t) * MINUTE;
    if (wallOf(tz, t) !== wall)
        t = wall - offsetMinutes(tz, t + HOUR) * MINUTE; // in a DST gap
    return t;
}
/** "2026-12-03T02:00[:SS]" (local, no offset) as a wall-clock number. */
function parseLocal(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    if (!m)
        return NaN;
    const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
    return Date.UTC(y, mo - 1, d, h, mi, s);
}
/** `ms` as ISO 8601 in `tz` with its offset, no fraction: "2026-12-03T02:00:00+01:00". */
function zoneText(tz, ms) {
    const off = offsetMinutes(tz, ms);
    const abs = Math.abs(off);
    const sign = off < 0 ? '-' : '+';
    const pad = (n) => String(n).padStart(2, '0');
    return `${new Date(wallOf(tz, ms)).toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
const dayOfWall = (wall) => Math.floor(wall / DAY);
const timeOfWall = (wall) => wall - dayOfWall(wall) * DAY;
const monthIndex = (wall) => new Date(wall).getUTCFullYear() * 12 + new Date(wall).getUTCMonth();
const lastDay = (wall) => new Date(Date.UTC(new Date(wall).getUTCFullYear(), new Date(wall).getUTCMonth() + 1, 0)).getUTCDate();
/** Whether the wall-clock day matches the entry's month days / occurrences (default: the start's day). */
function monthDayMatches(entry, startWall, wall) {
    const d = new Date(wall);
    const day = d.getUTCDate();
    if (entry['monthly-occurrences']?.length) {
        return entry['monthly-occurrences'].some((o) => {
            if (WEEK_DAYS[d.getUTCDay()] !== o.day.toLowerCase())
                return false;
            return o.occurrence === -1 ? day + 7 > lastDay(wall) : Math.ceil(day / 7) === o.occurrence;
        });
    }
    const days = entry['month-days']?.length ? entry['month-days'] : [new Date(startWall).getUTCDate()];
    return days.some((m) => (m === -1 ? day === lastDay(wall) : day === m));
}
/**
 * Whether `ms` is an occurrence of the entry's recurrence anchored at its start (any k, also before
 * the start: same phase). Week: weeks counted from the Sunday of the start's week.
 */
function onRecurrence(entry, ms) {
    const tz = entry['time-zone'];
    const startWall = parseLocal(entry.start);
    const start = instantOf(tz, startWall);
    const n = entry.interval;
    if (entry.frequency === 'once')
        return ms === start;
    if (entry.frequency === 'hour')
        return (((ms - start) % (n * HOUR)) + n * HOUR) % (n * HOUR) === 0;
    const wall = wallOf(tz, ms);
    if (timeOfWall(wall) !== timeOfWall(startWall))
        return false;
    const mod = (a) => ((a % n) + n) % n === 0;
    if (entry.frequency === 'day')
        return mod(dayOfWall(wall) - dayOfWall(startWall));
    if (entry.frequency === 'week') {
        const weekOf = (w) => Math.floor((dayOfWall(w) + 4) / 7); // 1970-01-01 was a Thursday
        const days = entry['week-days']?.length
            ? entry['week-days'].map((d) => d.toLowerCase())
            : [WEEK_DAYS[new Date(startWall).getUTCDay()]];
        return mod(weekOf(wall) - weekOf(startWall)) && days.includes(WEEK_DAYS[new Date(wall).getUTCDay()]);
    }
    return mod(monthIndex(wall) - monthIndex(startWall)) && monthDayMatches(entry, startWall, wall);
}
/**
 * The first occurrence at or after `notBefore` (an instant), searched day by day in wall-clock
 * time from the later of the start and `notBefore`; undefined for a once schedule already past.
 */
function nextOccurrence(entry, notBefore) {
    const tz = entry['time-zone'];
    const startWall = parseLocal(entry.start);
    const start = instantOf(tz, startWall);
    if (start >= notBefore)
        return start;
    if (entry.frequency === 'once')
        return undefined;
    if (entry.frequency === 'hour') {
        const step = entry.interval * HOUR;
        return start + Math.ceil((notBefore - start) / step) * step;
    }
    const from = dayOfWall(wallOf(tz, notBefore)) * DAY + timeOfWall(startWall);
    // months of 31 days times the interval, plus a year for occurrences such as "5th Monday"
    const limit = 366 + entry.interval * 31 * (entry.frequency === 'month' ? 1 : 0) + entry.interval * 7;
    for (let i = 0; i <= limit; i++) {
        const at = instantOf(tz, from + i * DAY);
        if (at >= notBefore && onRecurrence(entry, at))
            return at;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/kinds/schedules.ts



/** The end of the description of every schedule this action made (Azure keeps descriptions). */
const OWNED_MARK = '[exo-automation]';
/** A start this close or in the past is moved to the next occurrence (Azure refuses under 5 minutes). */
const START_LEAD_MS = 10 * 60_000;
const FREQUENCY = {
    once: 'OneTime',
    hour: 'Hour',
    day: 'Day',
    week: 'Week',
    month: 'Month',
};
const isOwned = (s) => (s.properties?.description ?? '').endsWith(OWNED_MARK);
const ownedDescription = (e) => (e.description ? `${e.description} ${OWNED_MARK}` : OWNED_MARK);
const schedules_same = (a, b) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
function advancedOf(e) {
    if (e['week-days']?.length)
        return { weekDays: e['week-days'].map(capital) };
    if (e['month-days']?.length)
        return { monthDays: e['month-days'] };
    if (e['monthly-occurrences']?.length)
        return {
            monthlyOccurrences: e['monthly-occurrences'].map((o) => ({ occurrence: o.occurrence, day: capital(o.day) })),
        };
    return undefined;
}
const capital = (d) => d.charAt(0).toUpperCase() + d.slice(1).toLowerCase();
/** Where the schedule starts when created now: the file's start, or its next occurrence in phase. */
function effectiveStart(e, now) {
    return nextOccurrence(e, now + START_LEAD_MS);
}
const expiryOf = (e) => (e.expiry ? instantOf(e['time-zone'], parseLocal(e.expiry)) : undefined);
/** The PUT body: times with the zone's offset at that instant, so Azure reads them unambiguously. */
function scheduleBody(name, e, start) {
    const tz = e['time-zone'];
    const expiry = expiryOf(e);
    const advancedSchedule = advancedOf(e);
    return {
        name,
        properties: {
            description: ownedDescription(e),
            startTime: zoneText(tz, start),
            ...(expiry !== undefined ? { expiryTime: zoneText(tz, expiry) } : {}),
            frequency: FREQUENCY[e.frequency],
            ...(e.frequency !== 'once' ? { interval: e.interval } : {}),
            timeZone: tz,
            ...(advancedSchedule ? { advancedSchedule } : {}),
        },
    };
}
const sortedText = (v) => JSON.stringify((v ?? []).map((x) => (typeof x === 'string' ? x.toLowerCase() : JSON.stringify(x))).sort());
/** Azure's advancedSchedule and the file's, compared as sets (day names case-insensitively). */
function sameAdvanced(e, a) {
    const occ = (list) => (list ?? []).map((o) => `${o.occurrence}:${(o.day ?? '').toLowerCase()}`);
    return (sortedText(a?.weekDays) === sortedText(e['week-days'] ?? []) &&
        sortedText(a?.monthDays) === sortedText(e['month-days'] ?? []) &&
        sortedText(occ(a?.monthlyOccurrences)) === sortedText(occ(e['monthly-occurrences'])));
}
/**
 * Why the observed schedule must be replaced, or undefined when its recurrence is the file's.
 * Start: the same phase of the recurrence is in sync once the file's start is near or past (a
 * schedule created at a later occurrence stays clean); before that, the start itself must match.
 */
function replaceReason(e, s, now) {
    const p = s.properties ?? {};
    if (!schedules_same(p.frequency, FREQUENCY[e.frequency]))
        return `frequency is ${p.frequency}; want ${FREQUENCY[e.frequency]}`;
    if (e.frequency !== 'once' && Number(p.interval ?? 1) !== e.interval)
        return `interval is ${p.interval}; want ${e.interval}`;
    if (!schedules_same(p.timeZone || 'UTC', e['time-zone']))
        return `time zone is ${p.timeZone}; want ${e['time-zone']}`;
    if (!sameAdvanced(e, p.advancedSchedule))
        return 'days or occurrences differ';
    const observed = Date.parse(p.startTime ?? '');
    const start = instantOf(e['time-zone'], parseLocal(e.start));
    const effective = effectiveStart(e, now);
    const inPhase = onRecurrence(e, observed) &&
        (effective === undefined || observed <= effective) &&
        (observed >= start || start < now + START_LEAD_MS);
    if (!inPhase)
        return `start ${p.startTime} is not on the recurrence of ${e.start} ${e['time-zone']}`;
    const azureExpiry = p.expiryTime && !p.expiryTime.startsWith('9999') ? Date.parse(p.expiryTime) : undefined;
    if (azureExpiry !== expiryOf(e))
        return `expiry is ${p.expiryTime ?? 'none'}; want ${e.expiry ?? 'none'}`;
    return undefined;
}
function diffOne(name, e, s, now) {
    const change = { kind: SCHEDULE, name };
    if (!s || replaceReason(e, s, now)) {
        const start = effectiveStart(e, now);
        if (start === undefined)
            return []; // a once schedule whose start has passed: nothing left to run
        const body = scheduleBody(name, e, start);
        const reason = s
            ? `replace (delete + create): ${replaceReason(e, s, now)}`
            : `missing; ${e.frequency} from ${zoneText(e['time-zone'], start)}`;
        return [
            {
                ...change,
                action: s ? 'update' : 'create',
                reason,
                after: body.properties,
                data: { op: s ? 'replace' : 'create', body, disable: !e.enabled },
            },
        ];
    }
    const p = s.properties ?? {};
    const description = ownedDescription(e);
    const isEnabled = p.isEnabled !== false;
    if ((p.description ?? '') === description && isEnabled === e.enabled)
        return [];
    const why = isEnabled !== e.enabled ? `isEnabled is ${isEnabled}; want ${e.enabled}` : 'description differs';
    return [
        {
            ...change,
            action: 'update',
            reason: why,
            before: { description: p.description, isEnabled },
            after: { description, isEnabled: e.enabled },
            data: { op: 'patch', body: { name, properties: { description, isEnabled: e.enabled } } },
        },
    ];
}
function diffSchedules(desired, observed) {
    const wanted = desired.schedules;
    if (!wanted)
        return [];
    const find = (name) => observed.schedules.find((s) => schedules_same(s.name, name));
    const changes = Object.entries(wanted.entries).flatMap(([name, e]) => diffOne(name, e, find(name), observed.now));
    if (wanted.prune) {
        const named = new Set(Object.keys(wanted.entries).map((n) => n.toLowerCase()));
        for (const s of observed.schedules) {
            if (!isOwned(s) || named.has(s.name.toLowerCase()))
                continue;
            changes.push({
                kind: SCHEDULE,
                name: s.name,
                action: 'delete',
                reason: 'made by this action and no longer in the config file (prune: true)',
                before: s.properties,
                data: { op: 'delete' },
            });
        }
    }
    return changes;
}
async function applySchedule(change, ctx) {
    const ref = accountRef(ctx.desired);
    const automation = ctx.clients.automation;
    const { op, body } = change.data;
    if (op === 'delete' || op === 'replace')
        await automation.deleteSchedule(ref, change.name);
    if (op === 'delete')
        return;
    if (op === 'patch') {
        await automation.patchSchedule(ref, change.name, body);
        return;
    }
    await automation.putSchedule(ref, change.name, body);
    if (change.data.disable)
        await automation.patchSchedule(ref, change.name, { name: change.name, properties: { isEnabled: false } });
}
const ACTION = 'Microsoft.Automation/automationAccounts/schedules';
const scheduleKind = {
    kind: SCHEDULE,
    dependsOn: () => [AUTOMATION_ACCOUNT],
    enabled: (d) => d.schedules !== undefined,
    desire: ({ inputs }) => inputs.config ? { schedules: { entries: inputs.config.schedules, prune: inputs.config.prune } } : {},
    permissions: {
        armRead: (at) => [{ scope: at.scopeOf(at.desired.resourceGroup), action: `${ACTION}/read` }],
        armWrite: (change, at) => {
            const scope = at.scopeOf(at.desired.resourceGroup);
            const op = change.data.op;
            const verbs = op === 'delete' ? ['delete'] : op === 'replace' ? ['delete', 'write'] : ['write'];
            return verbs.map((v) => ({ scope, action: `${ACTION}/${v}` }));
        },
    },
    async observe(ctx) {
        const [{ account }, schedules] = await Promise.all([
            ctx.get(OBSERVED.account),
            ctx.clients.automation.listSchedules(accountRef(ctx.desired)),
        ]);
        return { accountExists: !!account, schedules: account ? schedules : [], now: Date.now() };
    },
    diff: diffSchedules,
    apply: applySchedule,
};

;// CONCATENATED MODULE: ./src/kinds/job-schedules.ts
// Job schedules of the desired-state file: each runbook entry's `schedules`, one per runbook and
// schedule (Azure refuses a second). PUT only (201, a new GUID), no PATCH: a changed parameter set
// is delete + PUT. Azure stores parameter names lower-cased: names compare case-insensitively,
// values as strings. Ours: a job schedule whose schedule is ours (schedules.ts OWNED_MARK).





const lower = (s) => (s ?? '').toLowerCase();
const onWire = (p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k.toLowerCase(), String(v)]));
const sameParams = (a, b) => {
    const o = Object.fromEntries(Object.entries(b ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return Object.keys(a).length === Object.keys(o).length && Object.entries(a).every(([k, v]) => o[k] === v);
};
const job_schedules_label = (j) => `${j.runbook} @ ${j.schedule}`;
function diffJobSchedules(desired, observed) {
    const wanted = desired.jobSchedules;
    if (!wanted)
        return [];
    // a replaced schedule takes its job schedules with it: they are re-created
    const replaced = new Set(diffSchedules(desired, observed.schedules).flatMap((c) => (c.data.op === 'replace' ? [lower(c.name)] : [])));
    const changes = [];
    const matched = new Set();
    for (const j of wanted.items) {
        const found = observed.jobSchedules.find((a) => lower(a.properties?.runbook?.name) === lower(j.runbook) &&
            lower(a.properties?.schedule?.name) === lower(j.schedule));
        if (found)
            matched.add(found.name);
        const base = { kind: JOB_SCHEDULE, name: job_schedules_label(j), after: { parameters: j.parameters } };
        if (!found)
            changes.push({ ...base, action: 'create', reason: 'missing', data: { put: j } });
        else if (replaced.has(lower(j.schedule)))
            changes.push({ ...base, action: 'create', reason: 'its schedule is replaced', data: { put: j } });
        else if (!sameParams(j.parameters, found.properties?.parameters))
            changes.push({
                ...base,
                action: 'update',
                reason: 'replace (delete + create): parameters differ',
                before: { parameters: found.properties?.parameters ?? {} },
                data: { deleteId: found.name, put: j },
            });
    }
    if (wanted.prune) {
        const ours = new Set(observed.schedules.schedules.filter(isOwned).map((s) => lower(s.name)));
        for (const a of observed.jobSchedules) {
            if (matched.has(a.name) || !ours.has(lower(a.properties?.schedule?.name)))
                continue;
            const name = job_schedules_label({
                runbook: a.properties?.runbook?.name ?? '?',
                schedule: a.properties?.schedule?.name ?? '?',
            });
            changes.push({
                kind: JOB_SCHEDULE,
                name,
                action: 'delete',
                reason: 'no longer in the config file (prune: true)',
                data: { deleteId: a.name },
            });
        }
    }
    return changes;
}
async function applyJobSchedule(change, ctx) {
    const ref = accountRef(ctx.desired);
    const { deleteId, put } = change.data;
    if (deleteId)
        await ctx.clients.automation.deleteJobSchedule(ref, deleteId);
    if (!put)
        return;
    await ctx.clients.automation.putJobSchedule(ref, (0,external_node_crypto_.randomUUID)(), {
        properties: { schedule: { name: put.schedule }, runbook: { name: put.runbook }, parameters: put.parameters },
    });
}
const job_schedules_ACTION = 'Microsoft.Automation/automationAccounts/jobSchedules';
const jobScheduleKind = {
    kind: JOB_SCHEDULE,
    dependsOn: () => [AUTOMATION_ACCOUNT, SCHEDULE, RUNBOOK],
    enabled: (d) => d.jobSchedules !== undefined,
    desire: ({ inputs, runbooks }) => {
        const config = inputs.config;
        if (!config)
            return {};
        const items = (config.runbooks ?? []).flatMap((entry) => {
            const m = new esm/* Minimatch */.VR(entry.path, { dot: true });
            return (runbooks ?? [])
                .filter((r) => m.match(r.path))
                .flatMap((r) => entry.schedules.map((j) => ({ runbook: r.name, schedule: j.schedule, parameters: onWire(j.parameters) })));
        });
        return { jobSchedules: { items, prune: config.prune } };
    },
    permissions: {
        armRead: (at) => [{ scope: at.scopeOf(at.desired.resourceGroup), action: `${job_schedules_ACTION}/read` }],
        armWrite: (change, at) => {
            const scope = at.scopeOf(at.desired.resourceGroup);
            const data = change.data;
            return [...(data.deleteId ? ['delete'] : []), ...(data.put ? ['write'] : [])].map((v) => ({
                scope,
                action: `${job_schedules_ACTION}/${v}`,
            }));
        },
    },
    async observe(ctx) {
        const [{ account }, schedules, jobSchedules] = await Promise.all([
            ctx.get(OBSERVED.account),
            ctx.get(OBSERVED.schedules),
            ctx.clients.automation.listJobSchedules(accountRef(ctx.desired)),
        ]);
        return { schedules, jobSchedules: account ? jobSchedules : [] };
    },
    diff: diffJobSchedules,
    // after its own schedule's change and its own runbook's, and every change of the account
    needs: (change, other) => {
        const put = change.data.put;
        if (other.kind === SCHEDULE)
            return lower(other.name) === lower(put?.schedule);
        if (other.kind === RUNBOOK)
            return lower(other.name) === lower(put?.runbook);
        return other.kind !== JOB_SCHEDULE;
    },
    apply: applyJobSchedule,
};

;// CONCATENATED MODULE: ./src/kinds/user-assigned-identity.ts
// The user-assigned identity (identity-type user-assigned): created when missing.




function diffUserAssignedIdentity(desired, observed) {
    if (desired.identity.type !== 'user-assigned' || observed.identity)
        return [];
    const { name, resourceGroup } = desired.identity;
    if (!desired.createMissing) {
        throw new src_errors/* ConfigError */.xL([
            `user-assigned identity "${name}" does not exist in resource group "${resourceGroup}" and \`create-missing\` is false: create it, or set \`create-missing: true\``,
        ]);
    }
    if (!desired.location) {
        throw new src_errors/* ConfigError */.xL([`user-assigned identity "${name}" must be created: set the \`location\` input`]);
    }
    return [
        {
            kind: USER_ASSIGNED_IDENTITY,
            name,
            action: 'create',
            reason: `missing; in resource group ${resourceGroup}`,
            after: { resourceGroup, location: desired.location },
            data: { resourceGroup, location: desired.location },
        },
    ];
}
const userAssignedIdentityKind = {
    kind: USER_ASSIGNED_IDENTITY,
    enabled: (d) => d.identity.type === 'user-assigned',
    dependsOn: () => [RESOURCE_GROUP],
    permissions: {
        armWrite: (_c, at) => [
            {
                scope: at.scopeOf(identityGroup(at.desired)),
                action: 'Microsoft.ManagedIdentity/userAssignedIdentities/write',
            },
        ],
    },
    async observe(ctx) {
        const id = ctx.desired.identity;
        if (id.type !== 'user-assigned')
            return {};
        // Read at once, beside the group (404 under a missing group): no round trip spent waiting.
        const [groups, identity] = await Promise.all([
            ctx.get(OBSERVED.resourceGroups),
            ctx.clients.msi.getUserAssigned(id.resourceGroup, id.name),
        ]);
        if (!groupExists(groups, id.resourceGroup))
            return {};
        return { identity };
    },
    outputs: (observed) => ({ principalId: observed.identity?.principalId, clientId: observed.identity?.clientId }),
    diff: diffUserAssignedIdentity,
    async apply(change, ctx) {
        const { resourceGroup, location } = change.data;
        const created = await ctx.clients.msi.createUserAssigned(resourceGroup, change.name, location);
        return { principalId: created.principalId, clientId: created.clientId };
    },
};

;// CONCATENATED MODULE: ./src/kinds/variables-diff.ts

/** The file's variables, values encoded as Azure stores them; from-env values read from `env`. */
function desiredVariables(config, env) {
    if (!config)
        return undefined;
    const items = Object.entries(config.variables).map(([name, v]) => {
        const raw = v['from-env'] !== undefined ? (env[v['from-env']] ?? '') : v.value;
        return { name, value: JSON.stringify(raw), encrypted: v.encrypted, description: v.description ?? '' };
    });
    return { items, prune: config.prune };
}
/** Same value: byte for byte, or the same JSON scalar ("\"abc\"" and " \"abc\"" alike). */
function sameValue(stored, wanted) {
    if (stored === wanted)
        return true;
    if (stored === undefined)
        return false;
    try {
        const a = JSON.parse(stored);
        const b = JSON.parse(wanted);
        return a === b && (typeof a !== 'object' || a === null);
    }
    catch {
        return false;
    }
}
/** A plan-safe view: the value only when not encrypted, cut to 80 characters. */
function view(v) {
    const value = v.value !== undefined && v.value.length > 80 ? `${v.value.slice(0, 77)}...` : v.value;
    return { ...(v.encrypted ? {} : { value }), encrypted: v.encrypted, description: v.description };
}
function updateReasons(want, got) {
    const reasons = [];
    if (want.encrypted) {
        if (got.valueMatches !== true)
            reasons.push('value changed');
    }
    else if (!sameValue(got.value, want.value)) {
        reasons.push('value differs');
    }
    if (got.description.text !== want.description)
        reasons.push('description differs');
    return reasons;
}
function changeFor(want, got) {
    const data = { value: want.value, encrypted: want.encrypted, description: want.description };
    const after = view(want);
    if (!got) {
        return {
            kind: VARIABLE,
            name: want.name,
            action: 'create',
            reason: want.encrypted ? 'missing; encrypted' : 'missing',
            after,
            data: { write: 'put', ...data, owned: true },
        };
    }
    const owned = got.description.owned;
    const before = view({ value: got.value, encrypted: got.encrypted, description: got.description.text });
    if (got.encrypted !== want.encrypted) {
        return {
            kind: VARIABLE,
            name: want.name,
            action: 'update',
            reason: `${want.encrypted ? 'not encrypted' : 'encrypted'}; want ${want.encrypted ? 'encrypted' : 'plain'} (Azure cannot change that in place: deleted and created again)`,
            before,
            after,
            data: { write: 'recreate', ...data, owned },
        };
    }
    const reasons = updateReasons(want, got);
    if (reasons.length === 0)
        return undefined;
    return {
        kind: VARIABLE,
        name: want.name,
        action: 'update',
        reason: reasons.join('; '),
        before,
        after,
        data: { write: 'patch', ...data, owned },
    };
}
function diffVariables(desired, observed) {
    if (!desired)
        return [];
    const byName = new Map(observed.variables.map((v) => [v.name.toLowerCase(), v]));
    const changes = desired.items.flatMap((want) => changeFor(want, byName.get(want.name.toLowerCase())) ?? []);
    if (!desired.prune)
        return changes;
    const named = new Set(desired.items.map((v) => v.name.toLowerCase()));
    for (const got of observed.variables) {
        // only what this action created: a variable made by hand (no marker) always survives
        if (!got.description.owned || named.has(got.name.toLowerCase()))
            continue;
        changes.push({
            kind: VARIABLE,
            name: got.name,
            action: 'delete',
            reason: 'created by exo-automation and no longer in the file (prune: true)',
            before: view({ value: got.value, encrypted: got.encrypted, description: got.description.text }),
            data: { write: 'delete' },
        });
    }
    return changes;
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/kinds/variables-marker.ts
// How an Automation variable says who made it and, when encrypted, what value it was given.
// Variables carry no tags, so both live at the end of the description, which Azure keeps:
//   "<description> (created by exo-automation)"                        made by this action: pruned when
//                                                                       the file drops it (prune: true)
//   "<description> (created by exo-automation; value scrypt15:S:H)"    the same, encrypted
//   "<description> (exo-automation; value scrypt15:S:H)"               encrypted, adopted (never pruned)
// Azure never returns an encrypted value; S:H is a salted scrypt (N=2^15, r=8, p=1: ~0.1 s and
// 32 MiB per guess) of the value as stored, so a changed source secret is seen without keeping the
// value in any reversible or cheaply brute-forced form. Pure but for the random salt.


const scrypt = (0,external_node_util_.promisify)(external_node_crypto_.scrypt);
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const CREATED_MARK = 'created by exo-automation';
const MARK_RE = /\s*\((created by exo-automation|exo-automation)(?:; value (scrypt15:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}))?\)$/;
function parseDescription(description) {
    const d = description ?? '';
    const m = MARK_RE.exec(d);
    if (!m)
        return { text: d, owned: false };
    return { text: d.slice(0, m.index), owned: m[1] === CREATED_MARK, ...(m[2] ? { fingerprint: m[2] } : {}) };
}
function formatDescription(text, owned, fingerprint) {
    if (!owned && !fingerprint)
        return text;
    const mark = `${owned ? CREATED_MARK : 'exo-automation'}${fingerprint ? `; value ${fingerprint}` : ''}`;
    return text === '' ? `(${mark})` : `${text} (${mark})`;
}
async function hash(value, salt) {
    return scrypt(value, salt, 32, SCRYPT);
}
/** A new fingerprint of `value` (the stored, JSON-encoded form), with a fresh salt. */
async function fingerprintOf(value) {
    const salt = (0,external_node_crypto_.randomBytes)(16);
    return `scrypt15:${salt.toString('base64url')}:${(await hash(value, salt)).toString('base64url')}`;
}
/** Whether `fingerprint` was made from `value`. */
async function fingerprintMatches(fingerprint, value) {
    const [, salt, digest] = fingerprint.split(':');
    const want = Buffer.from(digest, 'base64url');
    const got = await hash(value, Buffer.from(salt, 'base64url'));
    return want.length === got.length && (0,external_node_crypto_.timingSafeEqual)(want, got);
}

;// CONCATENATED MODULE: ./src/kinds/variables.ts




const variables_ACTION = 'Microsoft.Automation/automationAccounts/variables';
async function observed(v, want) {
    const description = parseDescription(v.properties?.description);
    const encrypted = v.properties?.isEncrypted === true;
    const base = { name: v.name, encrypted, description };
    if (!encrypted)
        return { ...base, value: v.properties?.value ?? undefined };
    const desired = want.items.find((d) => d.name.toLowerCase() === v.name.toLowerCase());
    if (!desired?.encrypted)
        return base;
    const fp = description.fingerprint;
    return { ...base, valueMatches: fp !== undefined && (await fingerprintMatches(fp, desired.value)) };
}
const variableKind = {
    kind: VARIABLE,
    desire: ({ inputs }) => ({ variables: desiredVariables(inputs.config, process.env) }),
    enabled: (d) => d.variables !== undefined,
    dependsOn: () => [AUTOMATION_ACCOUNT],
    permissions: {
        armRead: (at) => [{ scope: at.scopeOf(at.desired.resourceGroup), action: `${variables_ACTION}/read` }],
        armWrite: (c, at) => {
            const scope = at.scopeOf(at.desired.resourceGroup);
            const write = { scope, action: `${variables_ACTION}/write` };
            const remove = { scope, action: `${variables_ACTION}/delete` };
            if (c.data.write === 'delete')
                return [remove];
            return c.data.write === 'recreate' ? [remove, write] : [write];
        },
    },
    async observe(ctx) {
        // Listed at once (404 = [] under a missing account), as the runtime environments are.
        const [{ account }, list] = await Promise.all([
            ctx.get(OBSERVED.account),
            ctx.clients.automation.listVariables(accountRef(ctx.desired)),
        ]);
        if (!account)
            return { accountExists: false, variables: [] };
        const want = ctx.desired.variables ?? { items: [], prune: false };
        return { accountExists: true, variables: await Promise.all(list.map((v) => observed(v, want))) };
    },
    diff: (desired, obs) => diffVariables(desired.variables, obs),
    async apply(change, ctx) {
        const ref = accountRef(ctx.desired);
        const d = change.data;
        const automation = ctx.clients.automation;
        if (d.write === 'delete' || d.write === 'recreate')
            await automation.deleteVariable(ref, change.name);
        if (d.write === 'delete')
            return;
        const value = d.value ?? '""';
        const fingerprint = d.encrypted ? await fingerprintOf(value) : undefined;
        const description = formatDescription(d.description ?? '', d.owned === true, fingerprint);
        if (d.write === 'patch') {
            await automation.patchVariable(ref, change.name, { name: change.name, properties: { value, description } });
        }
        else {
            await automation.putVariable(ref, change.name, {
                name: change.name,
                properties: { value, description, isEncrypted: d.encrypted === true },
            });
        }
    },
};

;// CONCATENATED MODULE: ./src/kinds/vm/scripts.ts
// The Run Command scripts the action runs on a VM, and the parser of what they print. Pure.
//
// Windows VMs: RunPowerShellScript runs the lines in Windows PowerShell 5.1 (as SYSTEM). The
// module is installed with -Scope AllUsers into %ProgramFiles%\WindowsPowerShell\Modules, which
// Windows PowerShell 5.1 and PowerShell 7 (pwsh appends that folder to PSModulePath) both load.
// Linux VMs: RunShellScript runs bash; PowerShell 7 (pwsh) must already be installed. The script
// is written to a private temp file and run with `pwsh -File`, so statements, blocks and variables
// behave as in any .ps1 (one `pwsh -c` per line would lose them).

const scripts_EXO_MODULE = 'ExchangeOnlineManagement';
/** The line the module script prints once per installed version. */
const MODULE_MARKER = 'exo-automation:module-version=';
/** A single-quoted PowerShell string literal. */
function psQuote(s) {
    return `'${s.replace(/'/g, "''")}'`;
}
/** Installs `name` at `version` for all users unless exactly that version is already installed. */
function ensureModule(name, version) {
    const pre = (0,compat/* isPrerelease */.V1)(version) ? ' -AllowPrerelease' : '';
    return [
        `if (-not (Get-InstalledModule -Name ${name} -RequiredVersion ${psQuote(version)}${pre} -ErrorAction SilentlyContinue)) {`,
        `  Install-Module -Name ${name} -RequiredVersion ${psQuote(version)}${pre} -Scope AllUsers -Repository PSGallery -Force -AllowClobber`,
        '}',
    ];
}
/** The PowerShell that installs the module (and on Windows what 5.1 needs first) and reports it. */
function modulePowerShell(os, version, windowsPackages) {
    const lines = [
        `# exo-automation: ${scripts_EXO_MODULE} ${version} for all users`,
        "$ErrorActionPreference = 'Stop'",
        "$ProgressPreference = 'SilentlyContinue'",
    ];
    if (os === 'Windows') {
        lines.push(
        // PowerShell Gallery only speaks TLS 1.2+; Windows PowerShell 5.1 may default to older.
        '[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12', "if (-not (Get-PackageProvider -ListAvailable -Name NuGet -ErrorAction SilentlyContinue | Where-Object { $_.Version -ge [version]'2.8.5.201' })) {", '  Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Scope AllUsers -Force | Out-Null', '}');
        for (const p of windowsPackages)
            lines.push(...ensureModule(p.name, p.version));
    }
    lines.push(...ensureModule(scripts_EXO_MODULE, version), `Get-Module -ListAvailable -Name ${scripts_EXO_MODULE} | ForEach-Object { "${MODULE_MARKER}$($_.Version)" }`);
    return lines;
}
/** Bash that runs PowerShell lines in pwsh from a private temp file, and fails clearly without pwsh. */
function pwshShell(psLines, what) {
    const tag = 'EXO_AUTOMATION_PS1';
    if (psLines.some((l) => l.trim() === tag))
        throw new Error(`a script line equals the heredoc delimiter ${tag}`);
    return [
        `# exo-automation: ${what}`,
        'if ! command -v pwsh >/dev/null 2>&1; then',
        '  echo "pwsh (PowerShell 7) is not installed on this VM: install it (https://aka.ms/install-powershell), or use a Windows VM" >&2',
        '  exit 1',
        'fi',
        'f="$(mktemp --suffix=.ps1)"',
        `cat > "$f" <<'${tag}'`,
        ...psLines,
        tag,
        'pwsh -NoProfile -NonInteractive -File "$f"',
        'rc=$?',
        'rm -f "$f"',
        'exit $rc',
    ];
}
/** The Run Command for an OS: RunPowerShellScript on Windows, RunShellScript (bash + pwsh) on Linux. */
function runCommandFor(os, psLines, what) {
    return os === 'Windows'
        ? { commandId: 'RunPowerShellScript', script: psLines }
        : { commandId: 'RunShellScript', script: pwshShell(psLines, what) };
}
function moduleCommand(os, version, windowsPackages) {
    return runCommandFor(os, modulePowerShell(os, version, windowsPackages), `install ${scripts_EXO_MODULE} ${version} for all users`);
}
/** Reads the marker lines of the module script's standard output. */
function parseModuleReport(stdout, wanted) {
    const installed = [];
    for (const raw of stdout.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line.startsWith(MODULE_MARKER))
            continue;
        const v = line.slice(MODULE_MARKER.length).trim();
        if (v && (0,compat/* parseVersion */.ot)(v))
            installed.push(v);
    }
    const want = (0,compat/* parseVersion */.ot)(wanted);
    const core = (v) => (0,compat/* parseVersion */.ot)(v).parts.join('.');
    const ok = !!want && installed.some((v) => core(v) === want.parts.join('.'));
    return { installed, ok };
}
/** Newest first, for messages. */
function newestFirst(versions) {
    return [...versions].sort((a, b) => (0,compat/* compareVersions */.Zy)(b, a));
}
/** The smoke test's PowerShell: the connect line, then the low-impact command Microsoft's page suggests. */
function smokePowerShell(connectLine) {
    return [
        '# exo-automation smoke test (smoke-test: true)',
        "$ErrorActionPreference = 'Stop'",
        connectLine,
        'Get-AcceptedDomain | Format-Table -AutoSize | Out-String',
    ];
}
function smokeCommand(os, connectLine) {
    return runCommandFor(os, smokePowerShell(connectLine), 'smoke test: Connect-ExchangeOnline, Get-AcceptedDomain');
}

;// CONCATENATED MODULE: ./src/kinds/vm/kind.ts








function vmName(desired) {
    if (!desired.vm)
        throw new Error('the vm kind runs only with resource-type vm');
    return desired.vm.name;
}
function vmMissingError(desired) {
    return new src_errors/* ConfigError */.xL([
        `vm-name: VM "${vmName(desired)}" does not exist in resource group "${desired.resourceGroup}" (resource-group) ` +
            `of subscription ${desired.subscriptionId}; this action does not create VMs: create the VM first, or fix vm-name / resource-group`,
    ]);
}
function diffVm(desired, observed) {
    const { vm } = observed;
    if (!vm)
        throw vmMissingError(desired);
    if (identitySatisfied(desired, vm.identity))
        return [];
    const identity = combinedIdentity(desired, vm.identity);
    const before = vm.identity?.type ?? 'None';
    const kept = Object.keys(vm.identity?.userAssignedIdentities ?? {}).length;
    const keeps = kept ? `; keeps its ${kept} other user-assigned identit${kept === 1 ? 'y' : 'ies'}` : '';
    const types = before === identity.type ? `identity stays ${before}` : `identity ${before} -> ${identity.type}`;
    return [
        {
            kind: VM,
            name: vm.name || vmName(desired),
            action: 'update',
            reason: desired.identity.type === 'system-assigned'
                ? `enable the system-assigned identity (${types}${keeps})`
                : `attach user-assigned identity ${desired.identity.name} (${types}${keeps})`,
            before: { identity: before },
            after: { identity },
            data: { identity },
        },
    ];
}
const vmKind = {
    kind: VM,
    desire: ({ inputs, gallery }) => inputs.resourceType === 'vm'
        ? {
            vm: {
                name: inputs.vmName,
                moduleVersion: vmModuleVersion(inputs, gallery),
                windowsPackages: (0,compat/* requiredPackages */.lW)('5.1').map((p) => ({ name: p.name, version: p.version })),
            },
        }
        : {},
    enabled: (d) => d.resourceType === 'vm',
    dependsOn: (d) => (d.identity.type === 'user-assigned' ? [RESOURCE_GROUP, USER_ASSIGNED_IDENTITY] : [RESOURCE_GROUP]),
    permissions: {
        armRead: (at) => [
            { scope: at.scopeOf(at.desired.resourceGroup), action: 'Microsoft.Compute/virtualMachines/read' },
        ],
        armWrite: (_c, at) => holderNeeds(at, 'Microsoft.Compute/virtualMachines/write'),
    },
    async observe(ctx) {
        const groups = await ctx.get(OBSERVED.resourceGroups);
        if (!groupExists(groups, ctx.desired.resourceGroup))
            return {};
        const vm = await ctx.clients.compute.getVm(ctx.desired.resourceGroup, vmName(ctx.desired));
        return { vm, clientId: observeClientId(ctx.clients.graph, ctx.desired, vm?.identity) };
    },
    outputs: (observed, desired) => holderOutputs(observed.vm, observed.clientId, desired),
    diff: diffVm,
    async apply(change, ctx) {
        const { identity } = change.data;
        const vm = await ctx.clients.compute.updateVm(ctx.desired.resourceGroup, vmName(ctx.desired), { identity });
        return createdHolderOutputs(ctx, vm.location, vm.identity);
    },
};

;// CONCATENATED MODULE: ./src/kinds/vm/module.ts
// resource-type vm: ExchangeOnlineManagement on the VM, installed through Run Command.
//
// What is installed on a VM cannot be read without running a command on it, and plan mode runs
// none. So the action records what a successful install reported in a VM tag
// (exo-automation:module = version) and compares with that: no tag (or another version) = a change
// that apply carries out by running the install script, which installs only what is missing.
// A module removed by hand later is not noticed while the tag stays (delete the tag to force a check).
//
// runtime-versions on a VM: the PowerShell versions the VM's scripts run under. One installation
// serves them all, at the newest version that runs on every listed runtime (7.4 stops at 3.9.x).
// Windows VMs: 5.1 = Windows PowerShell (Run Command's own host), 7.4/7.6 = PowerShell 7, which
// loads the same AllUsers module folder. Linux VMs: only 7.4/7.6 (pwsh must be installed); 5.1 is
// an input error.





/** The VM tag that records the module version a successful install reported. */
const TAG_MODULE = 'exo-automation:module';
function diffVmModule(desired, observed) {
    if (!desired.vm || !observed.exists)
        return []; // the vm kind reports a missing VM
    const version = desired.vm.moduleVersion;
    if (observed.os === 'Linux' && desired.runtimes.some((r) => r.runtime === '5.1')) {
        throw new src_errors/* ConfigError */.xL([
            `runtime-versions: 5.1 is Windows PowerShell, which Linux VM "${desired.vm.name}" does not have; use 7.4 or 7.6 (PowerShell 7, pwsh)`,
        ]);
    }
    if (observed.recorded === version)
        return [];
    const command = observed.os === 'Linux' ? 'RunShellScript with pwsh' : 'RunPowerShellScript';
    const how = `apply runs Run Command (${command}) to install ${scripts_EXO_MODULE} ${version} for all users if it is missing`;
    return [
        {
            kind: VM_MODULE,
            name: scripts_EXO_MODULE,
            action: observed.recorded ? 'update' : 'create',
            reason: observed.recorded
                ? `${observed.recorded} recorded on the VM (tag ${TAG_MODULE}); want ${version}: ${how}`
                : `not observable without running a command (no install recorded in tag ${TAG_MODULE}); ${how}`,
            ...(observed.recorded ? { before: { version: observed.recorded } } : {}),
            after: { version, os: observed.os },
            // an observed VM always has an OS (src/clients/compute.ts: Windows unless it says Linux)
            data: { version, os: observed.os ?? 'Windows' },
        },
    ];
}
const vmModuleKind = {
    kind: VM_MODULE,
    enabled: (d) => d.resourceType === 'vm',
    dependsOn: () => [VM],
    permissions: {
        armWrite: (_c, at) => ['Microsoft.Compute/virtualMachines/runCommand/action', 'Microsoft.Compute/virtualMachines/write'].map((action) => ({
            scope: at.scopeOf(at.desired.resourceGroup),
            action,
        })),
    },
    async observe(ctx) {
        const { vm } = await ctx.get(OBSERVED.vm);
        if (!vm)
            return { exists: false };
        return { exists: true, os: vm.os, recorded: tagValue(vm.tags, TAG_MODULE) };
    },
    diff: diffVmModule,
    async apply(change, ctx) {
        const { version, os } = change.data;
        const rg = ctx.desired.resourceGroup;
        const name = vmName(ctx.desired);
        const command = moduleCommand(os, version, ctx.desired.vm.windowsPackages);
        const out = await ctx.clients.compute.runCommand(rg, name, command);
        const report = parseModuleReport(out.stdout, version);
        if (!report.ok) {
            const have = report.installed.length
                ? `it reports ${scripts_EXO_MODULE} ${newestFirst(report.installed).join(', ')}`
                : `it reports no ${scripts_EXO_MODULE}`;
            throw new src_errors/* AzureError */.M6({
                service: 'VM Run Command',
                status: 0,
                code: 'ModuleInstallFailed',
                message: `Installing ${scripts_EXO_MODULE} ${version} on VM "${name}" (${command.commandId}) did not succeed: ${have}. ` +
                    `The script's error stream:\n${out.stderr.trim() || '(empty)'}`,
            });
        }
        ctx.log.info(`VM ${name}: ${scripts_EXO_MODULE} ${newestFirst(report.installed).join(', ')} installed for all users`);
        // A PATCH of tags replaces them all: re-read and keep every other tag; identity is not sent.
        const current = await ctx.clients.compute.getVm(rg, name);
        const tags = { ...(current?.tags ?? {}) };
        for (const k of Object.keys(tags))
            if (k.toLowerCase() === TAG_MODULE)
                delete tags[k];
        await ctx.clients.compute.updateVm(rg, name, { tags: { ...tags, [TAG_MODULE]: version } });
    },
};

;// CONCATENATED MODULE: ./src/engine/registry.ts
// The kinds the engine manages and their order. Adding a kind = one file + one line here.
















/** The kind, enabled only for Automation accounts (its own `enabled` still applies). */
function automationOnly(kind) {
    return { ...kind, enabled: (d) => (d.resourceType ?? 'automation-account') !== 'vm' && (kind.enabled?.(d) ?? true) };
}
/**
 * resource group -> identity -> account -> runtime environments -> packages;
 * identity -> Exchange SP -> app role and directory roles; identity -> graph-permissions.
 * resource-type vm: resource group -> identity -> vm -> vm-module; the Entra kinds as they are.
 * A "runbook" kind (src/kinds/runbook/kind.ts, depending on automation-account and
 * runtime-environment) is passed through reconcile's `extraKinds` or added below.
 */
const KINDS = [
    resourceGroupKind,
    userAssignedIdentityKind,
    automationOnly(automationAccountKind),
    automationOnly(runtimeEnvironmentKind),
    automationOnly(packageKind),
    vmKind,
    vmModuleKind,
    exchangeSpKind,
    appRoleKind,
    directoryRolesKind,
    graphPermissionsKind,
    automationOnly(runbookKind),
    automationOnly(scheduleKind),
    automationOnly(jobScheduleKind),
    automationOnly(variableKind),
];
/** The enabled kinds and their dependency graph. Throws on cycles. */
function kindGraph(kinds, desired) {
    const enabled = kinds.filter((k) => k.enabled?.(desired) ?? true);
    const names = new Set(enabled.map((k) => k.kind));
    const deps = new Map(enabled.map((k) => [k.kind, k.dependsOn(desired).filter((d) => names.has(d))]));
    const depth = depths(deps);
    const upstream = new Map();
    const collect = (name) => {
        let all = upstream.get(name);
        if (!all) {
            all = new Set(deps.get(name).flatMap((d) => [d, ...collect(d)]));
            upstream.set(name, all);
        }
        return all;
    };
    for (const name of names)
        collect(name);
    return { enabled, deps, depth, upstream };
}

;// CONCATENATED MODULE: ./src/engine/preflight.ts




const AUTHORIZATION_API_VERSION = '2022-04-01';
/** The kinds a preflight asks: every registered one (Graph reads do not depend on the run's kinds). */
function graphNeeds(kinds, changes, includeWrites) {
    const needs = kinds.flatMap((k) => k.permissions?.graphRead ?? []);
    if (includeWrites) {
        const changed = new Set(changes.map((c) => c.kind));
        needs.push(...kinds.filter((k) => changed.has(k.kind)).flatMap((k) => k.permissions?.graphWrite ?? []));
    }
    return needs;
}
/** The Graph application permissions (app role values) the plan needs that `roles` lacks. Pure. */
function missingGraphPermissions(roles, changes, includeWrites, kinds = KINDS) {
    const held = new Set(roles.map((r) => r.toLowerCase()));
    const missing = graphNeeds(kinds, changes, includeWrites)
        .filter((any) => !any.some((p) => held.has(p.toLowerCase())))
        .map((any) => any[0]);
    return [...new Set(missing)];
}
function matches(pattern, action) {
    const re = new RegExp(`^${pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*')}$`, 'i');
    return re.test(action);
}
/** Whether the permission list allows `action` (some actions match and no notActions of that entry). Pure. */
function allows(permissions, action) {
    return permissions.some((p) => (p.actions ?? []).some((a) => matches(a, action)) && !(p.notActions ?? []).some((n) => matches(n, action)));
}
/** ARM actions (with the scope they are checked at) the plan needs, as the kinds declare them. Pure. */
function armNeeds(desired, groups, changes, includeWrites, kinds = KINDS) {
    const subscription = `/subscriptions/${desired.subscriptionId}`;
    const at = {
        desired,
        subscription,
        scopeOf: (rg) => (groupExists(groups, rg) ? resourceGroupPath(desired.subscriptionId, rg) : subscription),
    };
    const enabled = kinds.filter((k) => k.enabled?.(desired) ?? true);
    const byName = new Map(enabled.map((k) => [k.kind, k]));
    const needs = enabled.flatMap((k) => k.permissions?.armRead?.(at) ?? []);
    if (includeWrites)
        needs.push(...changes.flatMap((c) => byName.get(c.kind)?.permissions?.armWrite?.(c, at) ?? []));
    const seen = new Set();
    return needs.filter((n) => {
        const key = `${n.scope.toLowerCase()} ${n.action.toLowerCase()}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** GET {scope}/providers/Microsoft.Authorization/permissions, once per scope, startable early. */
function permissionReader(arm) {
    const lists = new Map();
    return (scope) => {
        const key = scope.toLowerCase();
        let p = lists.get(key);
        if (!p) {
            p = arm.list(`${scope}/providers/Microsoft.Authorization/permissions`, AUTHORIZATION_API_VERSION);
            p.catch(() => { }); // a prefetch nobody awaits must not be an unhandled rejection
            lists.set(key, p);
        }
        return p;
    };
}
/** The Graph token's roles claim (decoded locally; the token is never printed). */
async function graphRoles(credential, graphScope) {
    const token = await credential.getToken(graphScope);
    const roles = token ? decodeJwtPayload(token.token)?.roles : undefined;
    return Array.isArray(roles) ? roles.map(String) : [];
}
async function preflight(args) {
    const { desired, changes, includeWrites } = args;
    const app = desired.inputs.clientId;
    const problems = [];
    const roles = args.roles ?? (await graphRoles(args.credential, args.graphScope));
    for (const p of missingGraphPermissions(roles, changes, includeWrites, args.kinds)) {
        problems.push(`grant ${p} (Microsoft Graph application permission) to app ${app} and admin-consent it`);
    }
    const needs = armNeeds(desired, args.groups, changes, includeWrites, args.kinds);
    const scopes = [...new Set(needs.map((n) => n.scope))];
    const read = args.permissions ?? permissionReader(args.arm);
    const lists = await Promise.all(scopes.map(async (scope) => [scope, await read(scope)]));
    const byScope = new Map(lists);
    const missing = needs.filter((n) => !allows(byScope.get(n.scope) ?? [], n.action));
    for (const n of missing) {
        problems.push(`allow ${n.action} on ${n.scope} for app ${app}: assign it Contributor there (or a custom role with that action` +
            (n.action.endsWith('/assign/action') ? ', e.g. Managed Identity Operator' : '') +
            ')');
    }
    return { problems };
}

;// CONCATENATED MODULE: ./src/engine/phases/observe-phase.ts
// Phase 2: observation of every enabled kind, and beside it the permission lists the preflight
// reads (at the resource groups' scope, and the subscription's once a group turns out missing).




async function observePhase(enabled, desired, readers, log, skipPreflight) {
    const permissions = permissionReader(readers.arm);
    const side = skipPreflight
        ? undefined
        : async (get) => {
            for (const rg of desired.resourceGroups)
                void permissions(resourceGroupPath(desired.subscriptionId, rg));
            const groups = await get(OBSERVED.resourceGroups);
            if (groups.some((g) => !g.exists))
                void permissions(`/subscriptions/${desired.subscriptionId}`);
        };
    const observed = await observeAll(enabled, desired, readers, log, side);
    return { observed, permissions };
}

// EXTERNAL MODULE: ./src/engine/plan.ts
var engine_plan = __webpack_require__(955);
;// CONCATENATED MODULE: ./src/engine/phases/preflight-phase.ts




/** The warnings of the check (empty when it passed). */
async function preflightPhase(args) {
    const { changes } = args;
    const check = await preflight({
        desired: args.desired,
        credential: args.credential,
        graphScope: args.graphScope,
        arm: args.arm,
        groups: args.observed.get(RESOURCE_GROUP) ?? [],
        changes,
        includeWrites: true,
        roles: args.roles,
        permissions: args.permissions,
        kinds: args.kinds,
    });
    if (!check.problems.length || !changes.length)
        return [];
    const text = check.problems.map((p) => `  - ${p}`).join('\n');
    if (args.mode === 'apply') {
        throw (0,engine_plan/* withPlan */.m5)(new src_errors/* AuthError */.lR(`The deploying app lacks permissions this plan needs (nothing was changed):\n${text}`), args.plan);
    }
    return [`Apply would fail; the deploying app lacks permissions:\n${text}`];
}

// EXTERNAL MODULE: ./src/modules/known.ts
var known = __webpack_require__(950);
// EXTERNAL MODULE: ./src/modules/spec.ts
var spec = __webpack_require__(1101);
;// CONCATENATED MODULE: ./src/modules/resolve.ts
// The packages one runtime environment needs for the `modules` lines that apply to it: versions
// chosen, the gallery's declared dependencies added (transitively), each checked against the
// runtime, and put in dependency order. The gallery is reached only through `GalleryLookup`, so
// the logic is tested without the network.





/** How many versions `latest` looks at (newest first) for one that runs on the runtime. */
const LATEST_CANDIDATES = 8;
const resolve_key = (name) => name.toLowerCase();
const resolve_same = (a, b) => ((0,compat/* parseVersion */.ot)(a) && (0,compat/* parseVersion */.ot)(b) ? (0,compat/* compareVersions */.Zy)(a, b) === 0 : a === b);
async function whyNot(lookup, name, version, runtime) {
    return ((0,known/* knownIncompatibility */.Hx)(name, version, runtime) ??
        manifestIncompatibility(name, version, await lookup.manifest(name, version), runtime));
}
/** A version of `pick.name` for `runtime`, or a problem. */
async function choose(lookup, pick, runtime) {
    const all = await lookup.versions(pick.name);
    if (!all.length)
        return { problem: `${pick.label}: the gallery (gallery-endpoint) has no package named ${pick.name}` };
    const releases = all
        .filter((v) => !v.prerelease && (0,compat/* parseVersion */.ot)(v.version))
        .map((v) => v.version)
        .sort((a, b) => (0,compat/* compareVersions */.Zy)(b, a));
    if (pick.exact) {
        const hit = all.find((v) => resolve_same(v.version, pick.exact));
        if (!hit) {
            return {
                problem: `${pick.label}: ${pick.name} has no version ${pick.exact} in the gallery; newest releases: ${releases.slice(0, 5).join(', ') || 'none'}`,
            };
        }
        const why = await whyNot(lookup, pick.name, hit.version, runtime);
        return why ? { problem: `${pick.label}: ${why}` } : { version: hit.version };
    }
    const fits = releases.filter((v) => pick.ranges.every((r) => satisfies(v, r))).slice(0, LATEST_CANDIDATES);
    let first;
    for (const v of fits) {
        const why = await whyNot(lookup, pick.name, v, runtime);
        if (!why)
            return { version: v };
        first ??= why;
    }
    const wanted = pick.ranges.map(describeRange).join(', ') || 'any version';
    return {
        problem: `${pick.label}: no release of ${pick.name} (${wanted}) runs on runtime ${runtime}${first ? `; newest: ${first}` : ''}`,
    };
}
/** Add the dependencies the nodes of `wave` declare; returns the newly added nodes. */
async function expand(lookup, wave, chosen, runtime, problems) {
    const entries = await Promise.all(wave.map((n) => lookup.entry(n.name, n.version)));
    const wants = new Map();
    wave.forEach((node, i) => {
        const entry = entries[i];
        if (!entry)
            return void problems.push(`${node.why}: the gallery has no entry for ${node.name} ${node.version}`);
        if (entry.id.toLowerCase() === node.name.toLowerCase())
            node.name = entry.id; // the gallery's spelling
        for (const dep of entry.dependencies) {
            // the feed's text names paths and plan lines: only package ids are taken from it
            if (!(0,spec/* isPackageId */.e)(dep.id)) {
                problems.push(`${node.name} ${node.version} declares a dependency that is not a package name: ${JSON.stringify(dep.id.slice(0, 80))}`);
                continue;
            }
            const range = parseRange(dep.range);
            if (!range)
                return void problems.push(`${node.name} ${node.version} declares a dependency the action cannot read: ${dep.id} ${dep.range}`);
            node.dependsOn.push(dep.id);
            const have = chosen.get(resolve_key(dep.id));
            const from = `${node.name} ${node.version}`;
            if (have) {
                if (!satisfies(have.version, range)) {
                    problems.push(`${from} needs ${dep.id} ${describeRange(range)}, but ${have.name} ${have.version} is chosen (${have.why}); ` +
                        'a runtime environment holds one version of a package: choose versions that agree');
                }
                continue;
            }
            const w = wants.get(resolve_key(dep.id)) ?? { name: dep.id, ranges: [], from: [] };
            w.ranges.push(range);
            w.from.push(from);
            wants.set(resolve_key(dep.id), w);
        }
    });
    const added = await Promise.all([...wants.values()].map(async (w) => {
        const exacts = [...new Set(w.ranges.map(exactVersion).filter((v) => !!v))];
        const label = `dependency of ${w.from.join(', ')}`;
        if (exacts.length > 1)
            return void problems.push(`${label}: they need different versions of ${w.name} (${exacts.join(', ')}); choose versions that agree`);
        const r = await choose(lookup, { name: w.name, exact: exacts[0], ranges: w.ranges, label }, runtime);
        if (r.problem)
            return void problems.push(r.problem);
        const node = { name: w.name, version: r.version, dependsOn: [], why: label };
        chosen.set(resolve_key(w.name), node);
        return node;
    }));
    return added.filter((n) => !!n);
}
/** Dependencies first; dependsOn keeps only packages of this environment. */
function dependencyOrder(nodes) {
    const by = new Map(nodes.map((n) => [resolve_key(n.name), n]));
    const state = new Map();
    const order = [];
    let cycle;
    const visit = (n, path) => {
        const k = resolve_key(n.name);
        if (state.get(k) === 'done' || cycle)
            return;
        if (state.get(k) === 'visiting')
            return void (cycle = [...path, n.name]);
        state.set(k, 'visiting');
        for (const d of n.dependsOn) {
            const dep = by.get(resolve_key(d));
            if (dep)
                visit(dep, [...path, n.name]);
        }
        state.set(k, 'done');
        order.push(n);
    };
    for (const n of nodes)
        visit(n, []);
    return { order, cycle };
}
/**
 * Resolve the lines for one runtime. `fixed`: packages the action itself puts in this environment
 * (PackageManagement, PowerShellGet, ExchangeOnlineManagement) — dependencies on them are checked
 * against their version, never replaced.
 */
async function resolveRuntime(runtime, specs, fixed, lookup) {
    const problems = [];
    const chosen = new Map(fixed.map((f) => [resolve_key(f.name), { ...f, dependsOn: [], why: 'managed by the action', fixed: true }]));
    const picked = await Promise.all(specs.map(async (s) => ({
        s,
        r: await choose(lookup, { name: s.name, exact: s.version === 'latest' ? undefined : s.version, ranges: [], label: s.line }, runtime),
    })));
    let wave = [];
    for (const { s, r } of picked) {
        if (r.problem)
            problems.push(r.problem);
        else if (!chosen.has(resolve_key(s.name))) {
            const node = { name: s.name, version: r.version, dependsOn: [], why: s.line };
            chosen.set(resolve_key(s.name), node);
            wave.push(node);
        }
    }
    for (let depth = 0; wave.length && depth < 20; depth++)
        wave = await expand(lookup, wave, chosen, runtime, problems);
    const own = [...chosen.values()].filter((n) => !n.fixed);
    const { order, cycle } = dependencyOrder(own);
    if (cycle)
        problems.push(`the gallery declares a dependency cycle: ${cycle.join(' -> ')}`);
    return { packages: order.map(({ name, version, dependsOn, why }) => ({ name, version, dependsOn, why })), problems };
}

;// CONCATENATED MODULE: ./src/modules/desired.ts
// The `modules` lines into the desired state: each runtime environment's resolved packages are
// appended after the action's own (their declared dependencies first), and `modules` records the
// names the ownership tag will list. Every problem at once, before any write.



const EXO = 'exchangeonlinemanagement';
/** Adds the packages of `specs` to `desired` (in place); returns the warnings (known conflicts). */
async function addModules(desired, specs, lookup) {
    const problems = [];
    const warnings = [];
    await Promise.all(desired.runtimes.map(async (rt) => {
        rt.modules = [];
        const lines = specs.filter((s) => !s.runtime || s.runtime === rt.runtime);
        if (!lines.length)
            return;
        const res = await resolveRuntime(rt.runtime, lines, rt.packages, lookup);
        const where = desired.runtimes.length > 1 ? ` (runtime ${rt.runtime})` : '';
        problems.push(...res.problems.map((p) => `modules${where}: ${p}`));
        const exo = rt.packages.find((p) => p.name.toLowerCase() === EXO)?.version;
        for (const c of (0,known/* knownConflicts */.ni)(res.packages, exo)) {
            (c.severity === 'error' ? problems : warnings).push(`modules${where}: ${c.message}`);
        }
        for (const p of res.packages) {
            rt.packages.push({
                name: p.name,
                version: p.version,
                ...(p.dependsOn.length ? { dependsOn: p.dependsOn } : {}),
            });
        }
        rt.modules = res.packages.map((p) => p.name);
    }));
    if (problems.length)
        throw new src_errors/* ConfigError */.xL(problems);
    return warnings;
}

;// CONCATENATED MODULE: ./src/modules/lookup.ts
function cachedLookup(gallery) {
    const memo = new Map();
    const once = (k, f) => {
        if (!memo.has(k))
            memo.set(k, f());
        return memo.get(k);
    };
    const k = (...parts) => parts.map((p) => p.toLowerCase()).join('\u0000');
    return {
        versions: (id) => once(k('v', id), () => gallery.versions(id)),
        entry: (id, version) => once(k('e', id, version), () => gallery.entry(id, version)),
        manifest: (id, version) => once(k('m', id, version), () => gallery.manifest(id, version)),
    };
}

;// CONCATENATED MODULE: ./src/engine/desire.ts


function buildDesired(inputs, gallery, runbooks, kinds = KINDS) {
    const base = sharedDesired(inputs);
    const parts = kinds.map((k) => k.desire?.({ inputs, base, gallery, runbooks }) ?? {});
    // Object.assign is the one place the parts meet: each kind typed its own part (Partial<Desired>)
    const desired = Object.assign({}, base, ...parts);
    return desired;
}

;// CONCATENATED MODULE: ./src/engine/phases/prepare.ts






async function prepare(inputs, readers, credential, opts) {
    const [gallery, roles] = await Promise.all([
        inputs.moduleVersion === 'latest' ? readers.gallery.versions(EXO_MODULE) : Promise.resolve(undefined),
        opts.skipPreflight ? Promise.resolve(undefined) : graphRoles(credential, inputs.endpoints.graphScope),
        // as the ARM pipeline's bearer policy asks for it (CAE), so that its first request finds it cached
        credential.getToken(inputs.endpoints.armScope, { enableCae: true }),
    ]);
    const desired = buildDesired(inputs, gallery, opts.runbooks);
    // gallery reads for `modules` only when it lists some (reads only; every problem before any write)
    const warnings = desired.vm ? [] : await addModules(desired, inputs.modules, cachedLookup(readers.gallery));
    if (roles) {
        const missingReads = missingGraphPermissions(roles, [], false);
        if (missingReads.length) {
            throw new src_errors/* AuthError */.lR(`The deploying app ${inputs.clientId} cannot read what the plan needs in Microsoft Graph:\n` +
                missingReads
                    .map((p) => `  - grant ${p} (Microsoft Graph application permission) and admin-consent it`)
                    .join('\n'), { code: 'Authorization_RequestDenied' });
        }
    }
    return { desired, roles, warnings };
}

;// CONCATENATED MODULE: ./src/engine/phases/result.ts
// Phase 6: what the run reports: the identity's ids as the kind holding it produced them (a
// system-assigned identity's client id is awaited here: it lives on its service principal), the runtimes.



async function buildResult(args) {
    const { desired } = args;
    const ids = args.outputs.get(identityOutputs(desired));
    const identity = {
        type: desired.inputs.identityType,
        ...(desired.identity.type === 'user-assigned' ? { name: desired.identity.name } : {}),
        principalId: ids?.principalId,
        clientId: await ids?.clientId,
    };
    const vm = desired.vm;
    const runtimes = desired.runtimes.map((r) => ({
        version: r.runtime,
        // on a VM there is no runtime environment: one installation for all users serves every runtime
        environment: vm ? `VM ${vm.name}` : r.environment,
        modules: vm
            ? [{ name: EXO_MODULE, version: vm.moduleVersion }]
            : r.packages.map((p) => ({ name: p.name, version: p.version })),
    }));
    return {
        plan: args.plan,
        applied: args.applied.map(engine_plan/* publicChange */.UV),
        drift: args.changes.length > 0,
        identity,
        runtimes,
        roles: desired.roles.map((r) => r.displayName),
        warnings: args.warnings,
        findings: args.findings,
    };
}

;// CONCATENATED MODULE: ./src/engine/reconcile.ts










async function reconcile(inputs, opts) {
    const log = opts.log ?? silentLogger;
    const options = {
        ...DEFAULT_ENGINE_OPTIONS,
        ...opts.engine,
        ...(opts.importTimeoutMs !== undefined ? { importTimeoutMs: opts.importTimeoutMs } : {}),
    };
    const clients = opts.clients ??
        createClientSet({
            endpoints: inputs.endpoints,
            subscriptionId: inputs.subscriptionId,
            credential: opts.credential,
            retryOptions: opts.retryOptions,
            graphRetryDelaySeconds: opts.graphRetryDelaySeconds,
            lroIntervalMs: opts.lroIntervalMs,
        });
    const readers = clients.readers;
    const { desired, roles, warnings: desiredWarnings } = await prepare(inputs, readers, opts.credential, opts);
    const graph = kindGraph([...KINDS, ...(opts.extraKinds ?? [])], desired);
    const { observed, permissions } = await observePhase(graph.enabled, desired, readers, log, opts.skipPreflight);
    const { changes, outputs, warnings: notes, findings } = diffPhase(graph, desired, observed);
    const plan = (0,engine_plan/* buildPlan */.Gg)(opts.mode, changes);
    const warnings = opts.skipPreflight
        ? []
        : await preflightPhase({
            mode: opts.mode,
            desired,
            credential: opts.credential,
            graphScope: inputs.endpoints.graphScope,
            arm: readers.arm,
            observed,
            changes,
            plan,
            roles,
            permissions,
            kinds: graph.enabled,
        });
    let applied = [];
    if (opts.mode === 'apply' && changes.length) {
        await opts.beforeApply?.();
        const writers = clients.writers();
        const kindMap = new Map(graph.enabled.map((k) => [k.kind, k]));
        try {
            const output = outputs.get.bind(outputs);
            applied = await applyChanges(changes, kindMap, graph, { desired, clients: writers, output, log, options }, outputs);
        }
        catch (e) {
            const progress = applyProgressOf(e);
            if (progress)
                log.info(`Applied ${progress.applied.length} of ${changes.length} changes before the failure.`);
            throw (0,engine_plan/* withPlan */.m5)(e, plan);
        }
    }
    return buildResult({
        desired,
        outputs,
        plan,
        changes,
        applied,
        warnings: [...desiredWarnings, ...warnings, ...notes],
        findings,
    });
}

;// CONCATENATED MODULE: ./src/engine/index.ts
// What the run's reconcile phase (src/run/reconcile-phase.ts) uses of the engine. Importing this loads the Azure clients, so main takes
// planJson from the pure plan.ts instead: the clients stay off the start-up path.




// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/engine/lease-value.ts
// The apply lease's tag value: who holds it and until when. Pure (see lease.ts for the I/O).
// Format, readable in the portal: `<run url> (<nonce>) until <ISO time>`.


const TAG_LEASE = 'exo-automation:lease';
/** This process's owner identity, from the runner's variables (GITHUB_RUN_ID, _ATTEMPT, _REPOSITORY). */
function leaseOwner(env = process.env, nonce = (0,external_node_crypto_.randomBytes)(4).toString('hex')) {
    const { GITHUB_RUN_ID: id, GITHUB_REPOSITORY: repo } = env;
    if (id && repo) {
        const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/u, '');
        const run = `${server}/${repo}/actions/runs/${id}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`;
        // a tag value holds 256 characters: a (never seen) longer link keeps its end
        return { run: run.length > 200 ? `...${run.slice(-197)}` : run, nonce };
    }
    return { run: `local process ${process.pid} on ${(0,external_node_os_.hostname)()}`, nonce };
}
function formatLease(lease) {
    return `${lease.run} (${lease.nonce}) until ${lease.expiresAt.toISOString()}`;
}
/** The lease a tag value describes; undefined for a value this action did not write (treated as no lease). */
function parseLease(value) {
    const m = /^(.+) \(([0-9a-f]{8})\) until (\S+)$/u.exec(value ?? '');
    if (!m)
        return undefined;
    const expiresAt = new Date(m[3]);
    if (Number.isNaN(expiresAt.getTime()))
        return undefined;
    return { run: m[1], nonce: m[2], expiresAt };
}
/** The lease among a resource's tags (tag names compare case-insensitively). */
function leaseOf(tags) {
    const entry = Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === TAG_LEASE);
    return parseLease(entry?.[1]);
}
/** Tags with the lease set (`lease`) or removed (undefined), every other tag kept. */
function withLease(tags, lease) {
    const out = Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => k.toLowerCase() !== TAG_LEASE));
    if (lease)
        out[TAG_LEASE] = formatLease(lease);
    return out;
}
/** free: no lease, an expired one, or one this action cannot read; mine: this process's; held: another's, live. */
function leaseState(lease, me, now) {
    if (!lease || lease.expiresAt.getTime() <= now.getTime())
        return 'free';
    if (lease.run === me.run && lease.nonce === me.nonce)
        return 'mine';
    return earlierAttempt(lease.run, me.run) ? 'free' : 'held';
}
/**
 * Whether `theirs` is an earlier attempt of the same run as `mine`: GitHub runs one attempt of a
 * run at a time, so a re-run (attempt + 1) of a killed job need not wait for its lease to expire.
 */
function earlierAttempt(theirs, mine) {
    const split = (run) => /^(.*\/actions\/runs\/\d+)\/attempts\/(\d+)$/u.exec(run);
    const [a, b] = [split(theirs), split(mine)];
    return a !== null && b !== null && a[1] === b[1] && Number(a[2]) < Number(b[2]);
}

;// CONCATENATED MODULE: ./src/engine/lease.ts



/** Env overrides (not inputs; for tests and the impatient): EXO_LEASE_TTL/WAIT/SETTLE/POLL_SECONDS. */
function leaseTiming(env = process.env) {
    return {
        ttlMs: secondsFromEnv('EXO_LEASE_TTL_SECONDS', env) ?? 15 * 60_000,
        waitMs: secondsFromEnv('EXO_LEASE_WAIT_SECONDS', env) ?? 10 * 60_000,
        settleMs: secondsFromEnv('EXO_LEASE_SETTLE_SECONDS', env) ?? 3_000,
        pollMs: secondsFromEnv('EXO_LEASE_POLL_SECONDS', env) ?? 10_000,
    };
}
/** Another apply holds the lease, past the wait. */
class LeaseBusyError extends Error {
    resource;
    holder;
    constructor(resource, holder, waitedMs) {
        super(`Another apply is running on ${resource}: ${holder.run} holds its apply lease (until ` +
            `${holder.expiresAt.toISOString()}). Waited ${Math.round(waitedMs / 1000)} s; nothing was changed. Re-run ` +
            'this job once that run has finished, or give the workflows one `concurrency:` group per account.');
        this.resource = resource;
        this.holder = holder;
        this.name = 'LeaseBusyError';
    }
}
const lease_sleep = (ms) => new Promise((r) => setTimeout(r, ms));
class ApplyLease {
    target;
    log;
    timing;
    now;
    owner;
    renewal;
    held = false;
    /** set when a renewal found the lease taken over (or gone): the run's writes may have interleaved */
    lost = false;
    constructor(target, log, timing = leaseTiming(), owner = leaseOwner(), now = () => new Date()) {
        this.target = target;
        this.log = log;
        this.timing = timing;
        this.now = now;
        this.owner = owner;
    }
    /**
     * Takes the lease, waiting for another holder up to the bound. 'absent': the resource does not
     * exist yet (a first apply), so there is nothing to hold the lease on. `waited`: another run
     * held it first, so what this run observed before may be stale.
     */
    async acquire() {
        const start = this.now().getTime();
        let waited = false;
        let announced = '';
        for (;;) {
            const current = await this.read();
            if (!current)
                return { outcome: 'absent', waited };
            const lease = leaseOf(current.tags);
            const state = leaseState(lease, this.owner, this.now());
            if (state === 'held') {
                const waitedMs = this.now().getTime() - start;
                if (waitedMs >= this.timing.waitMs)
                    throw new LeaseBusyError(this.target.label, lease, waitedMs);
                if (announced !== lease.run) {
                    this.log.info(`Waiting for the apply of ${lease.run} on ${this.target.label} to finish (its lease runs until ${lease.expiresAt.toISOString()}).`);
                    announced = lease.run;
                }
                waited = true;
                (0,heartbeat/* heartbeatState */.Sc)(`held by ${lease.run} until ${lease.expiresAt.toISOString()}`);
                await lease_sleep(Math.min(this.timing.pollMs, Math.max(1, this.timing.waitMs - waitedMs)));
                continue;
            }
            if (state === 'free' || this.expiresSoon(lease))
                await this.write(current.tags);
            if (state === 'free')
                await lease_sleep(this.timing.settleMs);
            // re-read after the settle: with no etag, the last writer wins and only it goes on
            const after = await this.read();
            if (after && leaseState(leaseOf(after.tags), this.owner, this.now()) === 'mine') {
                this.hold();
                return { outcome: 'held', waited };
            }
            if (!after)
                return { outcome: 'absent', waited };
            waited = true;
        }
    }
    /** Removes the lease if it is still this run's. Never throws: an unreleased lease expires. */
    async release() {
        if (this.renewal)
            clearInterval(this.renewal);
        this.renewal = undefined;
        if (!this.held)
            return;
        this.held = false;
        try {
            const current = await this.read();
            if (current && leaseState(leaseOf(current.tags), this.owner, this.now()) === 'mine') {
                await this.target.arm.patch(this.target.path, this.target.apiVersion, {
                    tags: withLease(current.tags, undefined),
                });
            }
        }
        catch (e) {
            this.log.warning(`The apply lease on ${this.target.label} was not released (it expires by itself): ${String(e)}`);
        }
    }
    expiresSoon(lease) {
        return lease.expiresAt.getTime() - this.now().getTime() < this.timing.ttlMs / 2;
    }
    read() {
        return this.target.arm.get(this.target.path, this.target.apiVersion);
    }
    async write(tags) {
        const expiresAt = new Date(this.now().getTime() + this.timing.ttlMs);
        // A PATCH of tags replaces them all: every other tag is sent back as read.
        await this.target.arm.patch(this.target.path, this.target.apiVersion, {
            tags: withLease(tags, { ...this.owner, expiresAt }),
        });
    }
    /** Renews the lease every third of its TTL while the run works; notes a takeover. */
    hold() {
        this.held = true;
        if (this.renewal)
            clearInterval(this.renewal);
        this.renewal = setInterval(() => void this.renew(), Math.max(1000, this.timing.ttlMs / 3));
        this.renewal.unref();
    }
    async renew() {
        try {
            const current = await this.read();
            if (current && leaseState(leaseOf(current.tags), this.owner, this.now()) === 'mine')
                await this.write(current.tags);
            else if (!this.lost) {
                this.lost = true;
                this.log.warning(`The apply lease on ${this.target.label} was taken over or removed while this run applied.`);
            }
        }
        catch (e) {
            this.log.debug(`apply lease renewal failed (retried at the next interval): ${String(e)}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/kinds/runbook/verify.ts




/** Whether `text` is what a tag with hash `claimed` describes (this run's file is known by content too). */
function matchesClaim(text, claimed, mine) {
    if (claimed === undefined)
        return true; // no claim: a plan reads and compares the content itself
    if (contentHash(text) === claimed.toLowerCase())
        return true;
    return mine !== undefined && mine.hash === claimed.toLowerCase() && sameContent(text, mine.content);
}
/** Content reads of the final check in flight at once. */
const VERIFY_PARALLELISM = 16;
/** Beyond this many written runbooks, one list (100 a page) is cheaper than a GET each. */
const LIST_BEYOND = 8;
/** Each written runbook's tags: a GET each for a few, the list's pages for many. */
async function taggedRunbooks(automation, ref, names) {
    if (names.length <= LIST_BEYOND)
        return (name) => automation.getRunbook(ref, name);
    const listed = await automation.listRunbooks(ref);
    const byName = new Map(listed.map((r) => [r.name.toLowerCase(), r]));
    return async (name) => byName.get(name.toLowerCase());
}
/** The runbook names an apply wrote content or tags for. */
function writtenRunbooks(applied) {
    return applied.filter((c) => c.kind === RUNBOOK && c.action !== 'delete').map((c) => c.name);
}
async function verifyRunbooks(opts) {
    const { automation, ref } = opts;
    const found = [];
    const tagged = await taggedRunbooks(automation, ref, opts.names);
    const limiter = new Limiter(VERIFY_PARALLELISM);
    await Promise.all(opts.names.map((name) => limiter.run(async () => {
        const runbook = await tagged(name);
        if (!runbook)
            return; // deleted since: nothing claims anything
        const text = (opts.publish
            ? await automation.getRunbookContent(ref, name)
            : ((await automation.getRunbookDraftContent(ref, name)) ??
                (await automation.getRunbookContent(ref, name)))) ?? '';
        const mine = opts.items.find((i) => i.name.toLowerCase() === name.toLowerCase());
        const claimed = taggedHash(runbook.tags);
        if (matchesClaim(text, claimed, mine))
            return;
        found.push({ name, claimed, held: contentHash(text) });
        // A PATCH of tags replaces them all: every other tag is kept.
        const tags = Object.fromEntries(Object.entries(runbook.tags ?? {}).filter(([k]) => k.toLowerCase() !== TAG_SHA256));
        await automation.patchRunbook(ref, name, { tags });
    })));
    // in the order the runbooks were written, whatever order the reads finished in
    const order = new Map(opts.names.map((n, i) => [n.toLowerCase(), i]));
    return found.sort((x, y) => order.get(x.name.toLowerCase()) - order.get(y.name.toLowerCase()));
}
function mismatchMessage(mismatches) {
    return (`After this apply, ${mismatches.length} runbook(s) did not hold the content their hash tag claims ` +
        '(another apply wrote them at the same time):\n' +
        mismatches.map((m) => `  - ${m.name}: tag ${m.claimed ?? '(none)'}, content ${m.held}`).join('\n') +
        '\nTheir hash tags were removed, so the next run uploads them again; run this job again.');
}

;// CONCATENATED MODULE: ./src/run/lease.ts




/** Thrown by the lease hook when this run waited for another: what it observed may be stale. */
class StalePlan extends Error {
}
async function reconcileUnderLease(inputs, mode, clientSet, runbooks, run) {
    if (mode !== 'apply' || inputs.resourceType !== 'automation-account')
        return { result: await run() };
    const clients = clientSet.writers();
    const ref = {
        subscriptionId: inputs.subscriptionId,
        resourceGroup: inputs.resourceGroup,
        account: inputs.automationAccount ?? '',
    };
    const label = `Automation account ${ref.account}`;
    const lease = new ApplyLease({ arm: clients.arm, path: accountPath(ref), apiVersion: AUTOMATION_API_VERSION, label }, log/* log */.Rm);
    const beforeApply = async () => {
        // waiting for another run's lease can take minutes: heartbeat it (src/log/heartbeat.ts)
        const { outcome, waited } = await new log/* Heartbeat */.XE((l) => log/* log */.Rm.info(l)).track(`the apply lease on ${label}`, () => lease.acquire());
        if (outcome === 'absent') {
            log/* log */.Rm.info(`${label} does not exist yet: this first apply holds no lease; the final check verifies what it wrote.`);
        }
        else
            log/* log */.Rm.info(`Holding the apply lease on ${label} as ${lease.owner.run}.`);
        if (waited)
            throw new StalePlan();
    };
    try {
        let result;
        try {
            result = await run(beforeApply);
        }
        catch (e) {
            if (!(e instanceof StalePlan))
                throw e;
            log/* log */.Rm.info(`Another apply changed ${label} while this run waited: observing and planning again under the lease.`);
            result = await run(beforeApply);
        }
        const names = writtenRunbooks(result.applied);
        if (names.length === 0)
            return { result };
        const mismatches = await verifyRunbooks({
            automation: clients.automation,
            ref,
            names,
            items: runbooks,
            publish: inputs.publishRunbooks,
        });
        return mismatches.length ? { result, problem: mismatchMessage(mismatches) } : { result };
    }
    finally {
        await lease.release();
    }
}

;// CONCATENATED MODULE: ./src/run/reconcile-phase.ts
// Phases 4-8 (desired, observe, plan, preflight, apply: src/engine/reconcile.ts), under the apply
// lease, and what they found into the report. A failure keeps what was planned and what was made.








/**
 * EXO_IMPORT_TIMEOUT_SECONDS (optional, positive number): the bound on each package import,
 * default 30 minutes. Not an input: it exists so that tests (and the impatient) can shorten it.
 */
function importTimeoutFromEnv(env = process.env) {
    return secondsFromEnv('EXO_IMPORT_TIMEOUT_SECONDS', env);
}
async function reconcilePhase(ctx, session, offline) {
    const { inputs, mode, report } = ctx;
    const { runbooks } = offline;
    let outcome;
    try {
        outcome = await reconcileUnderLease(inputs, mode, session.clients, runbooks, (beforeApply) => reconcile(inputs, {
            mode,
            credential: session.credential,
            clients: session.clients,
            log: log/* log */.Rm,
            runbooks,
            importTimeoutMs: importTimeoutFromEnv(),
            beforeApply,
        }));
    }
    catch (e) {
        reportFailure(e, ctx, runbooks);
        throw e;
    }
    const { result, problem } = outcome;
    Object.assign(report, {
        plan: result.plan,
        applied: result.applied,
        drift: result.drift,
        identity: result.identity,
        runtimes: result.runtimes,
        roles: result.roles,
    });
    report.warnings.push(...result.warnings);
    // After an apply the identity's ids are known (a user-assigned identity may have been created
    // just now): check the headers again with them, so no warning says "can't be verified yet".
    (0,annotate/* annotate */.f)(mode === 'apply' && runbooks.length ? recheck(inputs, runbooks, result) : result.findings);
    report.runbooks = runbookStatuses(runbooks, mode === 'apply' ? result.applied : result.plan.changes, mode);
    // The final check found a wrong state (and removed the claim): the run fails, so it is seen.
    if (problem)
        throw new Error(problem);
    return result;
}
function recheck(inputs, runbooks, result) {
    return checkRunbooks(runbooks, {
        organization: inputs.organization,
        exchangeEnvironment: inputs.exchangeEnvironment,
        graphPermissions: inputs.graphPermissions,
        identityType: inputs.identityType,
        clientId: result.identity.clientId,
        principalId: result.identity.principalId,
        headerCheck: inputs.headerCheck,
    });
}
/** What a failed reconcile had planned and applied goes into the report: the next run completes the rest. */
function reportFailure(e, { report, mode }, runbooks) {
    if (e instanceof src_errors/* ConfigError */.xL)
        (0,annotate/* annotate */.f)(e.findings);
    // The plan too, so the summary lists what was planned and not made.
    const progress = applyProgressOf(e);
    const plan = (0,engine_plan/* planOf */.XC)(e);
    if (plan)
        report.plan = plan;
    if (progress) {
        report.applied = progress.applied.map(engine_plan/* publicChange */.UV);
        report.warnings.push(...progressWarnings(progress));
    }
    if (plan || progress) {
        report.runbooks = runbookStatuses(runbooks, mode === 'apply' ? report.applied : report.plan.changes, mode, {
            planned: report.plan.changes,
        });
    }
}
/** What else failed and what was not attempted because a change it needs failed. */
function progressWarnings(progress) {
    const name = (c) => `${c.kind} ${c.name}`;
    // one warning for all that was skipped (a list), not one block per change
    const skipped = progress.skipped.map((s) => `  - ${name(s.change)} (needs ${s.because.map(name).join(', ')})`);
    return [
        ...progress.failures.slice(1).map((f) => `Also failed: ${name(f.change)}: ${f.error.message}`),
        ...(skipped.length ? [`Not applied, because a change they need failed:\n${skipped.join('\n')}`] : []),
    ];
}

// EXTERNAL MODULE: ./src/graph-permissions/connect.ts
var connect = __webpack_require__(2739);
;// CONCATENATED MODULE: ./src/smoke/graph.ts
// The smoke test's Microsoft Graph line: when the identity is granted a Graph permission that a
// read-only Graph SDK cmdlet needs and the runtime gets the SDK modules, the test job also runs
// Connect-MgGraph -Identity and that cmdlet. Pure: choice of the probe, its script lines, and how
// Graph's failures read.

const GRAPH_AUTH_MODULE = 'Microsoft.Graph.Authentication';
/** The roll-up module: importing it brings every Microsoft.Graph.* module as a dependency. */
const GRAPH_ROLLUP = 'Microsoft.Graph';
/**
 * Read-only probes, first match wins. Permissions from microsoftgraph/microsoft-graph-docs-contrib:
 * List groups (api-reference/v1.0/api/group-list.md, commit 0350b97e46788940241666a8f4b3f7780c13706d) and
 * List users (api-reference/v1.0/api/user-list.md, commit 008316a3480bf8069254a9535f5f61b0e6600f6b).
 */
const GRAPH_PROBES = [
    {
        cmdlet: 'Get-MgGroup',
        module: 'Microsoft.Graph.Groups',
        permissions: [
            'GroupMember.Read.All',
            'Group.Read.All',
            'Directory.Read.All',
            'Group.ReadWrite.All',
            'Directory.ReadWrite.All',
        ],
    },
    {
        cmdlet: 'Get-MgUser',
        module: 'Microsoft.Graph.Users',
        permissions: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    },
];
const graph_same = (a, b) => a.toLowerCase() === b.toLowerCase();
/**
 * The probe for these granted permissions (graph-permissions: values or app role ids) and runtime
 * modules (names), if one fits: its permission is granted and the SDK's authentication module and the
 * probe's module are imported.
 */
function graphProbe(permissions, modules) {
    const has = (m) => modules.some((x) => graph_same(x, m) || graph_same(x, GRAPH_ROLLUP));
    if (!has(GRAPH_AUTH_MODULE))
        return undefined;
    return GRAPH_PROBES.find((p) => has(p.module) && p.permissions.some((x) => (0,connect/* grantsPermission */.d)(permissions, x)));
}
/**
 * The Graph lines of the smoke script. -ErrorAction Stop: Connect-MgGraph and the SDK's cmdlets
 * write non-terminating errors (msgraph-sdk-powershell ConnectMgGraph.cs catches and calls
 * WriteError), and the job must end Failed with Graph's own text rather than a later
 * "Authentication needed".
 */
function graphLines(probe, identity, environment = 'O365Default') {
    return [
        // the line the report tells runbook authors to use (src/graph-permissions/connect.ts)
        `${(0,connect/* mgGraphConnectLine */.H)(identity, environment)} -ErrorAction Stop`,
        `${probe.cmdlet} -Top 1 -ErrorAction Stop | Format-Table -AutoSize | Out-String`,
    ];
}
/** Graph causes found in the job's error texts. */
function diagnoseGraph(errorText) {
    const causes = [];
    if (/'(?:Connect-MgGraph|Get-Mg\w+)' is not recognized|was found in the module 'Microsoft\.Graph[\w.]*', but the module could not be loaded/i.test(errorText))
        causes.push('graph-module-missing');
    // Graph's 403 as the SDK renders it: "<cmdlet> : Insufficient privileges ...\nStatus: 403 (Forbidden)
    // \nErrorCode: Authorization_RequestDenied" (msgraph-sdk-powershell#2169, an Automation runbook).
    if (/Authorization_RequestDenied|Insufficient privileges to complete the operation/i.test(errorText))
        causes.push('graph-permission');
    return causes;
}
/**
 * A Graph grant may not be in the token yet: Entra replicates it in minutes, and "the tokens which your
 * application receives are cached by the underlying infrastructure, which means that any changes to the
 * managed identity's roles can take significant time to take effect" (MicrosoftDocs/azure-docs#182904,
 * how-to-assign-app-role-managed-identity-*.md, pointing at "Limitation of using managed identities for
 * authorization" in managed-identity-best-practice-recommendations.md).
 */
const GRAPH_PERMISSION_DELAY = 'If the Graph permission was granted just now, it may not be effective yet: Entra replication takes minutes, and Azure caches the managed identity\u2019s tokens, so a new app role can take a long time to reach them. Run the smoke test again later before changing anything.';
/** One sentence per Graph cause: what is missing and which input adds it. */
function explainGraph(cause, probe, who, runtimeEnvironment) {
    if (cause === 'graph-module-missing') {
        return `The Microsoft Graph PowerShell SDK is not available in the runtime environment ${runtimeEnvironment}: ${GRAPH_AUTH_MODULE} and ${probe.module} must be imported there (input \`modules\`) and their imports must have Succeeded.`;
    }
    return (`Microsoft Graph answered 403 Authorization_RequestDenied to ${probe.cmdlet}: ${who} holds none of the application permissions it needs ` +
        `(${probe.permissions.join(', ')}) on the "Microsoft Graph" service principal (appId 00000003-0000-0000-c000-000000000000); grant one with the input \`graph-permissions\`.`);
}

;// CONCATENATED MODULE: ./src/smoke/interpret.ts

const TERMINAL_STATUSES = ['completed', 'failed', 'stopped', 'suspended'];
function isTerminal(status) {
    return status !== undefined && TERMINAL_STATUSES.includes(status.toLowerCase());
}
const MANAGE_AS_APP = 'Exchange.ManageAsApp (dc50a0fb-09a3-484d-be87-e023b12c6440)';
const PERMISSION_DELAY = 'If the grant or role was added just now, it may not be effective yet: Entra replication takes minutes, and Exchange Online caches the identity\u2019s token and permissions for up to 24 hours (usually a few hours). Run the smoke test again later before changing anything.';
/** The known causes found in the job's error texts, most specific first. */
function diagnose(errorText) {
    const causes = [];
    const t = errorText;
    if (/role assigned to application .* isn'?t supported in this scenario/i.test(t))
        causes.push('role-not-supported');
    if (/failed to acquire managed identity token|identity not found|ManagedIdentityCredential|unable to (?:get|acquire) (?:a )?(?:managed identity )?token/i.test(t))
        causes.push('identity-not-found');
    if (/'(?:Connect-ExchangeOnline|Get-AcceptedDomain)' is not recognized|module 'ExchangeOnlineManagement' was not loaded|ExchangeOnlineManagement' was not loaded/i.test(t))
        causes.push('module-missing');
    if (/AADSTS90002|AADSTS900023|tenant '[^']*' not found|invalid organization|organization .* (?:not found|invalid)/i.test(t))
        causes.push('organization');
    if (/\bUnAuthorized\b|\(401\)/i.test(t))
        causes.push('unauthorized');
    return causes;
}
/** The identity named for a message; `holder` owns a system-assigned one ("the VM's"). */
function identityText(id, holder) {
    const sp = id.principalId ? ` (service principal ${id.principalId})` : '';
    if (id.type === 'system-assigned')
        return `${holder} system-assigned identity${sp}`;
    return `the user-assigned identity${id.clientId ? ` with client id ${id.clientId}` : ''}${sp}`;
}
/** Exchange Online's UnAuthorized: the app role is missing or the organization is wrong. */
function unauthorizedText(who, organization) {
    return (`Exchange Online answered UnAuthorized: ${who} does not hold the app role ${MANAGE_AS_APP} of the "Office 365 Exchange Online" service principal, ` +
        `or -Organization ${organization} is not this tenant's *.onmicrosoft.com organization (input \`organization\`).`);
}
/** One sentence per cause: what is missing and where to add it. */
function explain(cause, ctx) {
    const who = identityText(ctx.identity, "the Automation account's");
    switch (cause) {
        case 'unauthorized':
            return unauthorizedText(who, ctx.organization);
        case 'role-not-supported':
            return (`Exchange Online accepted the app role but ${who} holds no Entra directory role that Exchange Online supports for managed identities: ` +
                'assign one at scope "/" (input `roles`, e.g. Exchange Administrator, Exchange Recipient Administrator or Global Reader).');
        case 'identity-not-found':
            return ctx.identity.type === 'user-assigned'
                ? `No managed identity token for -ManagedIdentityAccountId ${ctx.identity.clientId ?? '(none)'}: it must be the client id (not the principal/object id) of a user-assigned identity attached to the Automation account.`
                : 'No managed identity token: the Automation account has no system-assigned identity enabled (a header without -ManagedIdentityAccountId uses it).';
        case 'module-missing':
            return `ExchangeOnlineManagement is not available in the runtime environment ${ctx.runtimeEnvironment}: its package import must have Succeeded (see the runtime environment's packages).`;
        case 'organization':
            return `The organization ${ctx.organization} was not recognized: \`organization\` must be the tenant's *.onmicrosoft.com domain.`;
    }
}
const PERMISSION_CAUSES = ['unauthorized', 'role-not-supported'];
function texts(streams, type) {
    return streams.filter((s) => s.type.toLowerCase() === type.toLowerCase() && s.text.trim() !== '').map((s) => s.text);
}
function trimBlock(lines) {
    const text = lines
        .map((l) => l.replace(/\s+$/, ''))
        .join('\n')
        .replace(/^\n+|\n+$/g, '');
    return text === '' ? undefined : text;
}
function duration(ms) {
    const m = ms / 60_000;
    if (m >= 1)
        return `${Number.isInteger(m) ? m : m.toFixed(1)} minute${m === 1 ? '' : 's'}`;
    return `${Number((ms / 1000).toFixed(1))} s`;
}
/** What the Graph line's failure says (module, permission), with the delay hint after a permission. */
function graphParts(errorText, ctx) {
    if (!ctx.graph)
        return [];
    const who = identityText(ctx.identity, "the Automation account's");
    const causes = diagnoseGraph(errorText);
    const parts = causes.map((c) => explainGraph(c, ctx.graph, who, ctx.runtimeEnvironment));
    if (causes.includes('graph-permission'))
        parts.push(GRAPH_PERMISSION_DELAY);
    return parts;
}
/** The SmokeTestResult of a finished (or abandoned) test job. */
function interpretOutcome(outcome, ctx) {
    const output = texts(outcome.streams, 'Output');
    const errors = texts(outcome.streams, 'Error');
    const exception = outcome.exception?.trim() || undefined;
    if (exception && !errors.some((e) => e.includes(exception)))
        errors.push(exception);
    const status = outcome.status || 'unknown';
    const where = `test job of the temporary runbook ${ctx.runbook} (runtime environment ${ctx.runtimeEnvironment})`;
    if (!outcome.timedOut && status.toLowerCase() === 'completed' && errors.length === 0) {
        return {
            status: 'passed',
            output: trimBlock(output),
            detail: `Connect-ExchangeOnline and Get-AcceptedDomain${ctx.graph ? `, Connect-MgGraph and ${ctx.graph.cmdlet}` : ''} succeeded in a ${where}.`,
        };
    }
    const combined = trimBlock([...output, ...errors]);
    const parts = [];
    if (outcome.timedOut) {
        parts.push(`The ${where} did not finish within ${duration(ctx.timeoutMs)} (last status: ${status}); it was stopped. Azure Automation may be queueing jobs: run the smoke test again later.`);
    }
    else if (status.toLowerCase() === 'completed') {
        parts.push(`The ${where} completed but wrote errors.`);
    }
    else {
        const details = outcome.statusDetails && !/^none$/i.test(outcome.statusDetails) ? ` (${outcome.statusDetails})` : '';
        parts.push(`The ${where} ended ${status}${details}.`);
    }
    const causes = diagnose(errors.join('\n'));
    // UnAuthorized is generic: when a more specific cause is present, it explains the failure.
    const shown = causes.length > 1 ? causes.filter((c) => c !== 'unauthorized') : causes;
    for (const c of shown)
        parts.push(explain(c, ctx));
    if (shown.some((c) => PERMISSION_CAUSES.includes(c)))
        parts.push(PERMISSION_DELAY);
    const graph = graphParts(errors.join('\n'), ctx);
    parts.push(...graph);
    if (!shown.length && !graph.length && errors.length)
        parts.push('Its error text is in the output below.');
    return { status: 'failed', output: combined, detail: parts.join(' ') };
}
/** A failure before the job could run (create, upload, start): the service's own text. */
function setupFailure(step, message) {
    return { status: 'failed', detail: `The smoke test could not ${step}: ${message}` };
}

;// CONCATENATED MODULE: ./src/smoke/poll.ts
// Bounded polling with exponential backoff. Test jobs have no operation headers (no Retry-After);
// their status is the only signal, so the client chooses its own pace.
const DEFAULT_SMOKE_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_POLL_INITIAL_MS = 1000;
const DEFAULT_POLL_MAX_MS = 10_000;
/** Delay before poll `attempt` (0-based): initial, doubling, capped at max. */
function backoffDelay(attempt, initialMs, maxMs) {
    return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Calls `probe` until `done` holds or the deadline passes. Returns the last value and whether the
 * wait ran out. The first probe is immediate; no sleep goes past the deadline.
 */
async function pollUntil(probe, done, opts) {
    const sleep = opts.sleep ?? realSleep;
    const now = opts.now ?? Date.now;
    const deadline = now() + opts.timeoutMs;
    for (let attempt = 0;; attempt++) {
        const value = await probe();
        if (done(value))
            return { value, timedOut: false };
        const left = deadline - now();
        if (left <= 0)
            return { value, timedOut: true };
        await sleep(Math.min(left, backoffDelay(attempt, opts.initialMs, opts.maxMs)));
    }
}

;// CONCATENATED MODULE: ./src/smoke/script.ts
// The temporary runbook the smoke test runs: the exact header the runbooks use, then the
// low-impact command Microsoft's page suggests as a first test, then (when the identity has a Graph
// permission and the runtime the SDK) Connect-MgGraph -Identity and a read-only Graph cmdlet. Pure.



/** Fixed name: a copy left behind by a failed cleanup is simply replaced by the next run. */
const SMOKE_RUNBOOK_NAME = 'exo-automation-smoke-test';
const TAG_PURPOSE = 'exo-automation:purpose';
const SMOKE_PURPOSE = 'smoke-test';
function smokeScript(organization, identity, environment = 'O365Default', graph) {
    return [
        '# Temporary runbook of exo-automation (smoke-test: true); deleted after its test job.',
        (0,check/* connectLine */.$o)(organization, identity, environment),
        'Get-AcceptedDomain | Format-Table -AutoSize | Out-String',
        ...(graph ? graphLines(graph, identity, environment) : []),
        '',
    ].join('\n');
}
/** Tagged as this action's own (prune may delete a leftover) and marked as the smoke test. */
function smokeRunbookBody(location, runtimeEnvironment) {
    return {
        name: SMOKE_RUNBOOK_NAME,
        location,
        tags: { [TAG_MANAGED]: TAG_MANAGED_VALUE, [TAG_PURPOSE]: SMOKE_PURPOSE },
        properties: {
            runbookType: 'PowerShell',
            runtimeEnvironment,
            logVerbose: false,
            logProgress: false,
            description: 'Temporary: exo-automation smoke test (Connect-ExchangeOnline, Get-AcceptedDomain).',
            draft: {},
        },
    };
}
/** Whether an existing runbook of that name is ours to overwrite and delete. */
function isSmokeRunbook(tags) {
    if (!tags)
        return false;
    const lower = Object.fromEntries(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
    return lower[TAG_MANAGED] === TAG_MANAGED_VALUE && lower[TAG_PURPOSE] === SMOKE_PURPOSE;
}

;// CONCATENATED MODULE: ./src/smoke/run.ts





/** Stream records whose text the report shows; others (Verbose, Progress...) are not fetched. */
const READ_STREAMS = ['output', 'error'];
/** Bound on per-record GETs: the script writes a handful of records. */
const MAX_STREAM_RECORDS = 50;
function message(e) {
    return e instanceof Error ? e.message : String(e);
}
/** The stream id to GET: the last segment of the record's id (the list example's form), else jobStreamId. */
function streamIdOf(s) {
    const fromId = s.id?.split('/').filter(Boolean).pop();
    return fromId || s.properties?.jobStreamId || undefined;
}
async function readStreams(opts, name) {
    const automation = opts.clients.automation;
    const list = await automation.listTestJobStreams(opts.account, name);
    const wanted = list
        .filter((s) => READ_STREAMS.includes((s.properties?.streamType ?? '').toLowerCase()))
        .sort((a, b) => (a.properties?.time ?? '').localeCompare(b.properties?.time ?? ''))
        .slice(0, MAX_STREAM_RECORDS);
    const out = [];
    for (const s of wanted) {
        const id = streamIdOf(s);
        const record = id ? await automation.getTestJobStream(opts.account, name, id) : undefined;
        const text = record?.properties?.streamText ?? s.properties?.summary ?? '';
        out.push({ type: record?.properties?.streamType ?? s.properties?.streamType ?? 'Output', text });
    }
    return out;
}
/**
 * The account's location, if no runbook of the smoke test's name exists that this action did not
 * create (it is never overwritten or deleted); else the failure to report.
 */
async function smokeRunbookSlot(opts) {
    const { account } = opts;
    const automation = opts.clients.automation;
    const name = SMOKE_RUNBOOK_NAME;
    try {
        const existing = await automation.getRunbook(account, name);
        if (existing && !isSmokeRunbook(existing.tags)) {
            return {
                status: 'failed',
                detail: `A runbook named ${name} exists in ${account.account} and was not created by this action's smoke test; it was left alone. Rename it to let the smoke test run.`,
            };
        }
        if (opts.location)
            return { location: opts.location };
        const acc = await automation.getAccount(account);
        if (!acc)
            return setupFailure('start', `the Automation account ${account.account} was not found.`);
        return { location: acc.location };
    }
    catch (e) {
        return setupFailure('read the Automation account', message(e));
    }
}
/** Polls the test job until it ends or the bound passes, with a heartbeat line while it runs. */
async function waitForTestJob(opts, name, timeoutMs) {
    const { account, log } = opts;
    let last = '';
    // a line every 20 s with the job's status while it runs (the wait can be minutes)
    const beat = new heartbeat/* Heartbeat */.XE((line) => log.info(line));
    const { value: job, timedOut } = await beat.track('smoke test job', () => pollUntil(async () => {
        const j = (await opts.clients.automation.getTestJob(account, name)) ?? {};
        if (j.status && j.status !== last)
            log.debug(`Smoke test: job ${j.status}`);
        last = j.status ?? last;
        (0,heartbeat/* heartbeatState */.Sc)(`job ${last || 'not started yet'}`);
        return j;
    }, (j) => isTerminal(j.status), {
        timeoutMs,
        initialMs: opts.pollInitialMs ?? DEFAULT_POLL_INITIAL_MS,
        maxMs: opts.pollMaxMs ?? DEFAULT_POLL_MAX_MS,
        sleep: opts.sleep,
    }));
    return { job, timedOut };
}
/** PUTs the temporary runbook and its draft; the failure to report, or undefined. */
async function createSmokeRunbook(opts, location, probe) {
    const automation = opts.clients.automation;
    const name = SMOKE_RUNBOOK_NAME;
    try {
        await automation.putRunbook(opts.account, name, smokeRunbookBody(location, opts.runtimeEnvironment));
        const script = smokeScript(opts.organization, opts.identity, opts.exchangeEnvironment, probe);
        await automation.uploadDraftContent(opts.account, name, script);
        return undefined;
    }
    catch (e) {
        return setupFailure(`create the temporary runbook ${name}`, message(e));
    }
}
/** Runs the smoke test; never throws: every failure is a `failed` result with the service's text. */
async function runSmokeTest(opts) {
    const { account, log } = opts;
    const automation = opts.clients.automation;
    const name = SMOKE_RUNBOOK_NAME;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS;
    const slot = await smokeRunbookSlot(opts);
    if ('status' in slot)
        return slot;
    const { location } = slot;
    const probe = opts.graph && graphProbe(opts.graph.permissions, opts.graph.modules);
    let created = false;
    let running = false;
    try {
        log.info(`Smoke test: creating the temporary runbook ${name} on ${opts.runtimeEnvironment}`);
        if (probe)
            log.info(`Smoke test: the job also runs Connect-MgGraph -Identity and ${probe.cmdlet}`);
        created = true; // set before the PUT: a request that failed late may still have created it
        const notCreated = await createSmokeRunbook(opts, location, probe);
        if (notCreated)
            return notCreated;
        try {
            await automation.putTestJob(account, name, {
                parameters: {},
                runOn: '',
                runtimeEnvironment: opts.runtimeEnvironment,
            });
            running = true;
        }
        catch (e) {
            return setupFailure(`start a test job of ${name}`, message(e));
        }
        log.info(`Smoke test: test job started; waiting up to ${Math.round(timeoutMs / 1000)} s`);
        const { job, timedOut } = await waitForTestJob(opts, name, timeoutMs);
        if (!timedOut)
            running = false;
        let streams = [];
        try {
            streams = await readStreams(opts, name);
        }
        catch (e) {
            log.warning(`Smoke test: could not read the job's streams: ${message(e)}`);
        }
        const result = interpretOutcome({
            status: job.status ?? 'unknown',
            timedOut,
            exception: job.exception,
            statusDetails: job.statusDetails,
            streams,
        }, {
            organization: opts.organization,
            identity: opts.identity,
            runtimeEnvironment: opts.runtimeEnvironment,
            runbook: name,
            timeoutMs,
            graph: probe,
        });
        log.info(`Smoke test: ${result.status}`);
        return result;
    }
    catch (e) {
        return setupFailure('follow the test job', message(e));
    }
    finally {
        if (running) {
            await automation.stopTestJob(account, name).catch((e) => {
                log.debug(`Smoke test: stopping the test job failed: ${message(e)}`);
            });
        }
        if (created) {
            await automation.deleteRunbook(account, name).catch((e) => {
                log.warning(`Smoke test: could not delete the temporary runbook ${name}: ${message(e)}. Delete it by hand.`);
            });
        }
    }
}

;// CONCATENATED MODULE: ./src/smoke/index.ts
// smoke-test: run the runbooks' header and Get-AcceptedDomain in a test job after apply.





;// CONCATENATED MODULE: ./src/smoke/vm.ts




function explainVm(cause, ctx) {
    const who = identityText(ctx.identity, "the VM's");
    switch (cause) {
        case 'unauthorized':
            return unauthorizedText(who, ctx.organization);
        case 'role-not-supported':
            return `Exchange Online accepted the app role but ${who} holds no Entra directory role that Exchange Online supports for managed identities: assign one at scope "/" (input \`roles\`).`;
        case 'identity-not-found':
            return ctx.identity.type === 'user-assigned'
                ? `No managed identity token for -ManagedIdentityAccountId ${ctx.identity.clientId ?? '(none)'}: it must be the client id (not the principal/object id) of a user-assigned identity attached to VM ${ctx.vmName}.`
                : `No managed identity token: VM ${ctx.vmName} has no system-assigned identity enabled (a line without -ManagedIdentityAccountId uses it).`;
        case 'module-missing':
            return `ExchangeOnlineManagement is not installed for all users on VM ${ctx.vmName}: remove its tag exo-automation:module and apply again to reinstall it.`;
        case 'organization':
            return `The organization ${ctx.organization} was not recognized: \`organization\` must be the tenant's *.onmicrosoft.com domain.`;
    }
}
/** Error lines of the error stream; WARNING lines (Connect-ExchangeOnline prints some) are not failures. */
function errorLines(stderr) {
    return stderr
        .split(/\r?\n/)
        .map((l) => l.trimEnd())
        .filter((l) => l.trim() !== '' && !/^\s*WARNING:/i.test(l));
}
function block(text) {
    const t = text.replace(/^\s*\n|\n\s*$/g, '').trimEnd();
    return t.trim() === '' ? undefined : t;
}
/** Pure: the result of the smoke test's Run Command output. */
function interpretVmSmoke(out, ctx) {
    const errors = errorLines(out.stderr);
    const where = `Run Command on VM ${ctx.vmName}`;
    if (errors.length === 0) {
        return {
            status: 'passed',
            output: block(out.stdout),
            detail: `Connect-ExchangeOnline and Get-AcceptedDomain succeeded in a ${where}.`,
        };
    }
    const parts = [`The ${where} wrote errors.`];
    const causes = diagnose(errors.join('\n'));
    const shown = causes.length > 1 ? causes.filter((c) => c !== 'unauthorized') : causes;
    for (const c of shown)
        parts.push(explainVm(c, ctx));
    if (shown.some((c) => c === 'unauthorized' || c === 'role-not-supported'))
        parts.push(PERMISSION_DELAY);
    if (!shown.length)
        parts.push('Its error text is in the output below.');
    return { status: 'failed', output: block([out.stdout, out.stderr].join('\n')), detail: parts.join(' ') };
}
async function runVmSmokeTest(opts) {
    try {
        const vm = await opts.compute.getVm(opts.resourceGroup, opts.vmName);
        if (!vm)
            return { status: 'failed', detail: `The smoke test could not find VM ${opts.vmName}.` };
        const line = (0,check/* connectLine */.$o)(opts.organization, opts.identity, opts.exchangeEnvironment);
        const command = smokeCommand(vm.os, line);
        opts.log.info(`Running on VM ${opts.vmName} (${command.commandId}): ${line}; Get-AcceptedDomain`);
        const beat = new heartbeat/* Heartbeat */.XE((l) => opts.log.info(l));
        const out = await beat.track(`smoke test run command on VM ${opts.vmName}`, () => opts.compute.runCommand(opts.resourceGroup, opts.vmName, command));
        return interpretVmSmoke(out, {
            vmName: opts.vmName,
            os: vm.os,
            organization: opts.organization,
            identity: opts.identity,
        });
    }
    catch (e) {
        return {
            status: 'failed',
            detail: `The smoke test could not run a command on VM ${opts.vmName}: ${e.message}`,
        };
    }
}

;// CONCATENATED MODULE: ./src/run/smoke-phase.ts




async function smokePhase({ inputs, mode }, session, result) {
    if (mode !== 'apply' || !inputs.smokeTest)
        return { status: 'skipped' };
    const clients = session.clients.writers();
    const runtimeEnvironment = runtimeEnvironmentName(inputs.runbookRuntime);
    // the packages the run put in that runtime environment: with the Graph SDK's and a fitting
    // graph-permissions value, the test job also runs Connect-MgGraph -Identity and a read-only cmdlet
    const modules = result.runtimes.find((r) => r.environment === runtimeEnvironment)?.modules ?? [];
    return inputs.resourceType === 'vm'
        ? runVmSmokeTest({
            compute: clients.compute,
            resourceGroup: inputs.resourceGroup,
            vmName: inputs.vmName ?? '',
            organization: inputs.organization,
            exchangeEnvironment: inputs.exchangeEnvironment,
            identity: result.identity,
            log: log/* log */.Rm,
        })
        : runSmokeTest({
            clients,
            account: {
                subscriptionId: inputs.subscriptionId,
                resourceGroup: inputs.resourceGroup,
                account: inputs.automationAccount ?? '',
            },
            organization: inputs.organization,
            exchangeEnvironment: inputs.exchangeEnvironment,
            identity: result.identity,
            runtimeEnvironment,
            location: inputs.location,
            log: log/* log */.Rm,
            graph: { permissions: inputs.graphPermissions, modules: modules.map((m) => m.name) },
        });
}

;// CONCATENATED MODULE: ./src/run/azure.ts
// The phases after the inputs, loaded lazily by the orchestrator (src/main.ts): a run that stops at
// bad input never loads the runbook checks nor the Azure clients.






/***/ })

};
