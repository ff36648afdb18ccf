import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { formatPolicyError } from '../../src/policy/types.js';
import { FILE, errorsOf, load, yaml } from './helpers.js';

const header = [
  'version: 1',
  'tiers:',
  '  fast: ["*-mini"]',
  '  strong: ["claude-opus-*"]',
  'proofs:',
  '  ci: { kind: check, name: "ci / *" }',
  '  review: { kind: review }',
]; // 7 lines

describe('references between parts of the policy', () => {
  it('reports unknown proof names in routes and default, with a suggestion', () => {
    const text = yaml(...header, 'routes:', '  - name: code', '    paths: ["src/**"]', '    require: [ci, reveiw]', 'default:', '  require: [lint]');
    expect(errorsOf(text)).toEqual([
      `${FILE}:11:19: unknown proof \`reveiw\` at routes[0].require[1] (did you mean \`review\`?)`,
      `${FILE}:13:13: unknown proof \`lint\` at default.require[0] (valid proofs: \`ci\`, \`review\`)`,
    ]);
  });

  it('reports unknown tiers in routes, default, budgets and unknownModel', () => {
    const text = yaml(
      ...header,
      'routes:',
      '  - name: code',
      '    paths: ["src/**"]',
      '    tiers: [strnog]',
      'default:',
      '  tiers: [premium]',
      'budgets:',
      '  escalateTo: stronger',
      'attribution:',
      '  unknownModel: slow',
    );
    expect(errorsOf(text)).toEqual([
      `${FILE}:11:13: unknown tier \`strnog\` at routes[0].tiers[0] (did you mean \`strong\`?)`,
      `${FILE}:13:11: unknown tier \`premium\` at default.tiers[0] (valid tiers: \`fast\`, \`strong\`)`,
      `${FILE}:15:15: unknown tier \`stronger\` at budgets.escalateTo (did you mean \`strong\`?)`,
      `${FILE}:17:17: \`unknownModel\` must be \`deny\`, \`allow\`, a tier name or \`{ require: [proof, …] }\`, found \`slow\` at attribution.unknownModel (valid choices: \`deny\`, \`allow\`, \`fast\`, \`strong\`)`,
    ]);
  });

  it('lists the valid tiers for an escalation tier that is nothing like them', () => {
    expect(errorsOf(yaml(...header, 'budgets:', '  escalateTo: premium'))).toEqual([
      `${FILE}:9:15: unknown tier \`premium\` at budgets.escalateTo (valid tiers: \`fast\`, \`strong\`)`,
    ]);
  });

  it('accepts deny, allow or a tier name for unknownModel', () => {
    for (const value of ['deny', 'allow', 'fast']) {
      expect(load(yaml(...header, 'attribution:', `  unknownModel: ${value}`)).doc.attribution.unknownModel).toBe(value);
    }
  });

  it('accepts proofs to require for unknownModel, and checks their names', () => {
    const ok = load(yaml(...header, 'attribution:', '  unknownModel: { require: [review] }'));
    expect(ok.doc.attribution.unknownModel).toEqual({ require: ['review'] });
    expect(errorsOf(yaml(...header, 'attribution:', '  unknownModel:', '    require: [reveiw]'))).toEqual([
      `${FILE}:10:15: unknown proof \`reveiw\` at attribution.unknownModel.require[0] (did you mean \`review\`?)`,
    ]);
    expect(errorsOf(yaml(...header, 'attribution:', '  unknownModel: { require: [] }')).length).toBe(1);
  });

  it('says so when a route names a tier but the policy defines none', () => {
    const text = yaml('version: 1', 'routes:', '  - name: code', '    paths: ["src/**"]', '    tiers: [strong]');
    expect(errorsOf(text)).toEqual([`${FILE}:5:13: unknown tier \`strong\` at routes[0].tiers[0] (no tiers are defined)`]);
  });

  it('checks agents against the attribution catalog', () => {
    const text = yaml('version: 1', 'routes:', '  - name: code', '    paths: ["src/**"]', '    agents: [claude-code, unknown, claude-cod, Copilot]');
    expect(errorsOf(text)).toEqual([
      `${FILE}:5:36: unknown agent \`claude-cod\` at routes[0].agents[2] (did you mean \`claude-code\`?)`,
      `${FILE}:5:48: unknown agent \`Copilot\` at routes[0].agents[3] (did you mean \`github-copilot\`?)`,
    ]);
    const [unrelated] = errorsOf(yaml('version: 1', 'routes:', '  - name: code', '    paths: ["src/**"]', '    agents: [skynet]'));
    expect(unrelated).toMatch(/:5:14: unknown agent `skynet` at routes\[0\]\.agents\[0\] \(valid agent ids: `claude-code`, `github-copilot`, .*`unknown`\)$/);
  });

  it('without a catalog, accepts any lower-kebab agent id and rejects others', () => {
    const text = yaml('version: 1', 'routes:', '  - name: code', '    paths: ["src/**"]', '    agents: [my-agent, My_Agent]');
    const result = loadPolicy(text, { path: FILE, origin: 'file', ref: null }, { agentIds: undefined });
    expect(result.ok ? [] : result.errors.map(formatPolicyError)).toEqual([
      `${FILE}:5:24: agent \`My_Agent\` is not a canonical agent id at routes[0].agents[1] (agent ids are lower-kebab, such as \`claude-code\` or \`github-copilot\`)`,
    ]);
  });

  it('reports a duplicate route name at the second route, naming the first', () => {
    const text = yaml('version: 1', 'routes:', '  - name: docs', '    paths: ["docs/**"]', '  - name: docs', '    paths: ["**/*.md"]');
    expect(errorsOf(text)).toEqual([`${FILE}:5:11: duplicate route name \`docs\` at routes[1].name (routes[0] already uses it; route names must be unique)`]);
  });
});

it('reserves the route name `default` for files no route matches', () => {
  const text = yaml('version: 1', 'routes:', '  - name: default', '    paths: ["**"]');
  expect(errorsOf(text)).toEqual([
    `${FILE}:3:11: the route name \`default\` is reserved at routes[0].name (receipts use it for the files no route matches; pick another name)`,
  ]);
});

describe('globs', () => {
  it('rejects path globs that do not compile or cannot match', () => {
    const text = yaml(
      'version: 1',
      'routes:',
      '  - name: code',
      '    paths:',
      '      - "src/**/*.{ts,tsx"',
      '      - "src/a}b"',
      '      - "/src/**"',
      '      - "./lib/**"',
      '      - "!"',
      '      - "src/auth/"',
      '      - "src\\\\"',
      `      - "${'a'.repeat(257)}"`,
    );
    expect(errorsOf(text)).toEqual([
      `${FILE}:5:9: glob "src/**/*.{ts,tsx" does not compile: it has a \`{\` without its \`}\`; escape it as \`\\{\` to match it literally at routes[0].paths[0] (path globs: docs/policy.md#path-globs)`,
      `${FILE}:6:9: glob "src/a}b" does not compile: it has a \`}\` without its \`{\`; escape it as \`\\}\` to match it literally at routes[0].paths[1] (path globs: docs/policy.md#path-globs)`,
      `${FILE}:7:9: glob "/src/**" never matches: paths are relative to the repository root at routes[0].paths[2] (write "src/**")`,
      `${FILE}:8:9: glob "./lib/**" never matches: paths are relative to the repository root at routes[0].paths[3] (write "lib/**")`,
      `${FILE}:9:9: empty glob "!" at routes[0].paths[4] (write a pattern such as \`src/**\`)`,
      `${FILE}:10:9: glob "src/auth/" never matches: a path has no empty segment (a trailing \`/\` or \`//\`) at routes[0].paths[5] (write "src/auth/**")`,
      `${FILE}:11:9: glob "src\\\\" does not compile: it ends with a lone \`\\\` at routes[0].paths[6] (path globs: docs/policy.md#path-globs)`,
      `${FILE}:12:9: glob "${'a'.repeat(257)}" does not compile: it is longer than 256 characters at routes[0].paths[7] (path globs: docs/policy.md#path-globs)`,
    ]);
  });

  it('rejects a route whose globs are all exclusions', () => {
    const text = yaml('version: 1', 'routes:', '  - name: not-docs', '    paths: ["!docs/**", "!**/*.md"]');
    expect(errorsOf(text)).toEqual([
      `${FILE}:4:12: every path glob is an exclusion, so the route matches no file at routes[0].paths (add a glob that includes files, such as \`"**"\`, before the \`!\` exclusions)`,
    ]);
  });

  it('rejects tier globs that do not compile', () => {
    expect(errorsOf(yaml('version: 1', 'tiers:', '  fast: ["gpt-[45", "gpt-[z-a]"]'))).toEqual([
      `${FILE}:3:10: glob "gpt-[45" does not compile: it has a \`[\` without its \`]\`; escape it as \`\\[\` to match it literally at tiers.fast[0] (model globs: docs/policy.md#tiers)`,
      `${FILE}:3:21: glob "gpt-[z-a]" does not compile: it has the empty range \`z-a\` at tiers.fast[1] (model globs: docs/policy.md#tiers)`,
    ]);
  });

  it('accepts braces, brackets and parentheses (literal in paths) and exclusions after an inclusion', () => {
    const text = yaml(
      'version: 1',
      'routes:',
      '  - name: code',
      '    paths: ["src/**/*.{ts,tsx}", "!src/**/*.test.ts", "app/(admin)/**", "app/\\\\(shop\\\\)/[slug]/**", "+(a|b)/**"]',
    );
    expect(errorsOf(text)).toEqual([]);
  });
});

describe('proof settings that contradict each other', () => {
  it('rejects `app` on a status-only check and `creator` on a check-run-only check', () => {
    const text = yaml(
      'version: 1',
      'proofs:',
      '  ci:',
      '    kind: check',
      '    name: ci',
      '    source: status',
      '    app: github-actions',
      '  deploy:',
      '    kind: check',
      '    name: deploy',
      '    source: check-run',
      '    creator: deploy-bot',
    );
    expect(errorsOf(text)).toEqual([
      `${FILE}:7:5: \`app\` pins the GitHub App behind a check run, but this proof accepts only statuses at proofs.ci.app (use \`creator\` to pin who created a status, or set \`source: check-run\`)`,
      `${FILE}:12:5: \`creator\` pins who created a commit status, but this proof accepts only check runs at proofs.deploy.creator (use \`app\` to pin the GitHub App behind a check run, or set \`source: status\`)`,
    ]);
  });

  it('accepts both pins when the proof accepts both kinds of signal, and each pin with its own source', () => {
    const text = yaml(
      'version: 1',
      'proofs:',
      '  ci: { kind: check, name: ci, app: github-actions, creator: ci-bot }',
      '  runs: { kind: check, name: ci, source: check-run, app: github-actions }',
      '  statuses: { kind: check, name: ci, source: status, creator: ci-bot }',
    );
    expect(errorsOf(text)).toEqual([]);
  });

  it('rejects reviewers and teams written with @, and only those', () => {
    const text = yaml('version: 1', 'proofs:', '  review:', '    kind: review', '    users: [carol, "@alice"]', '    teams: [acme/leads, "@acme/security"]');
    expect(errorsOf(text)).toEqual([
      `${FILE}:5:20: write the login without \`@\`: \`alice\` at proofs.review.users[1]`,
      `${FILE}:6:25: write the team without \`@\`: \`acme/security\` at proofs.review.teams[1]`,
    ]);
  });
});

it('reserves the route name `policy-change` for changes to the policy file', () => {
  const text = yaml('version: 1', 'routes:', '  - name: policy-change', '    paths: ["**"]');
  expect(errorsOf(text)).toEqual([
    `${FILE}:3:11: the route name \`policy-change\` is reserved at routes[0].name (receipts use it for changes to the policy file itself; pick another name)`,
  ]);
});

describe('tier names that read as an unknownModel setting', () => {
  it('refuses a tier named `allow` at its line: `unknownModel: allow` would let an agent with no model through, not assume that tier', () => {
    const text = yaml(
      'version: 1',
      'tiers:',
      '  strong: ["claude-opus-*"]',
      '  allow: ["*-mini"]',
      'routes:',
      '  - name: code',
      '    paths: ["src/**"]',
      '    tiers: [strong, allow]',
      'attribution:',
      '  unknownModel: allow',
    );
    expect(errorsOf(text)).toEqual([
      `${FILE}:4:3: the tier name \`allow\` is reserved at tiers.allow (\`attribution.unknownModel: allow\` lets an agent that names no model through, so a tier by this name could not be told from it; rename the tier)`,
    ]);
  });

  it('refuses `deny` and case variants, whatever unknownModel says', () => {
    const text = yaml('version: 1', 'tiers:', '  Deny: ["*-nano"]', '  ALLOW: ["*-mini"]', '  allowed: ["*-flash"]');
    expect(errorsOf(text)).toEqual([
      `${FILE}:3:3: the tier name \`Deny\` is reserved at tiers.Deny (\`attribution.unknownModel: deny\` refuses an agent that names no model, so a tier by this name could not be told from it; rename the tier)`,
      `${FILE}:4:3: the tier name \`ALLOW\` is reserved at tiers.ALLOW (\`attribution.unknownModel: allow\` lets an agent that names no model through, so a tier by this name could not be told from it; rename the tier)`,
    ]);
  });
});
