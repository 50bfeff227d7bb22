/**
 * The validated form of an event pattern. A pattern is compiled the way event-ruler compiles it:
 * nested keys are joined with `.` into field paths, and `$or` is expanded into alternative
 * branches (disjunctive normal form). A pattern matches when any branch matches; a branch matches
 * when every one of its field conditions does; a condition matches when any of its matchers does.
 */
/** How a matcher is named in explanations and summaries, mirroring the pattern syntax. */
export function operatorName(m) {
    switch (m.op) {
        case 'prefix':
        case 'suffix':
            return m.ignoreCase ? `${m.op}/equals-ignore-case` : m.op;
        case 'anything-but':
            return m.variant === 'values' ? 'anything-but' : `anything-but/${m.variant}`;
        default:
            return m.op;
    }
}
//# sourceMappingURL=pattern-types.js.map