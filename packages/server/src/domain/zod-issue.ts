/** The parts of a zod issue that locating a problem needs (zod's own issue types vary by code). */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: IssueLike[][];
}

/**
 * The issue that names the real problem, with its full path under `base`. A union failure only
 * says "Invalid input"; the branch that got furthest names the real problem.
 */
export function deepestIssue(issue: IssueLike, base: PropertyKey[]): IssueLike {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors?.length) {
    let best: IssueLike | undefined;
    for (const branch of issue.errors) {
      if (!branch[0]) continue;
      const candidate = deepestIssue(branch[0], path);
      if (!best || candidate.path.length > best.path.length) best = candidate;
    }
    if (best) return best;
  }
  return { ...issue, path };
}
