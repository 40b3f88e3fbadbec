using OmiStack.Harness.Checks;

namespace OmiStack.Harness.Gathering;

/// <summary>The one poll of a judge: a resource's state gathered again while it moves and the judge does not pass yet.</summary>
public static class Convergence
{
    extension(LabSession session)
    {
        /// <summary>
        /// Judges what <paramref name="gather"/> reads, gathering again only while <paramref name="motion"/> names
        /// something on its way to a new state (a resource's own signals: Docker's task states, Rancher's
        /// transitioning) and the judge does not pass yet, bounded by the convergence bound (never shorter than the settle
        /// time: a service started a moment ago can always show it stays up); a settled state is
        /// judged at once. A fail that was still moving when the bound ran out says what moved.
        /// </summary>
        public async Task<Judgement> JudgeConvergedAsync<T>(Func<bool, CancellationToken, Task<Gathered<T>>> gather, Func<T, Judgement> judge, Func<T, string?> motion, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(judge);
            ArgumentNullException.ThrowIfNull(motion);
            var state = await session.ConvergeAsync(gather, s => judge(s).Verdict == Verdict.Pass || motion(s) is null, session.Options.ConvergenceBound, cancellationToken).ConfigureAwait(false);
            if (state.Problem is { } problem)
            {
                return problem;
            }

            var judgement = judge(state.Value!);
            return judgement.Verdict == Verdict.Fail && motion(state.Value!) is { } moving
                ? judgement with { Found = $"{judgement.Found}; still changing when the convergence bound of {session.Options.ConvergenceBound.TotalSeconds:0} s ran out ({moving})" }
                : judgement;
        }
    }
}
