using OmiStack.Checks.Grading;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Grading;

namespace OmiStack.Checks.Questions;

/// <summary>
/// The lesson's questions as checks questions.ID, graded from the answer key: env
/// OMISTACK_ANSWER_KEY or runsettings 'answerKey', else the example key shipped with OmiStack.
/// Answers: OMISTACK_ANSWERS, runsettings 'answers', or ./answers.yaml. Overrides:
/// OMISTACK_OVERRIDES or runsettings 'overrides'.
/// </summary>
public static class QuestionChecks
{
    private static readonly Lazy<AnswerKey?> LoadedKey = new(() =>
    {
        try
        {
            return AnswerKey.Load(KeyPath);
        }
        catch (QuestionsFileException)
        {
            return null; // reported by each question check (KeyError)
        }
    });

    /// <summary>The key file in use.</summary>
    public static string KeyPath => RunSettings.Get("OMISTACK_ANSWER_KEY", "answerKey") ?? AnswerKey.ExamplePath;

    /// <summary>The questions of the key in use (none if it cannot be read).</summary>
    public static IReadOnlyList<KeyQuestion> Questions => LoadedKey.Value?.Questions ?? [];

    /// <summary>The questions as checks, for the catalog and the reports.</summary>
    public static IReadOnlyList<Check> All => [.. Questions.Select(q => new Check(q.Definition, (_, _) => Task.FromResult(Judgement.Inconclusive("questions are judged from the answers file, not the lab"))))];

    /// <summary>The answers file: configured, else ./answers.yaml where dotnet test was started; null if none.</summary>
    public static string? AnswersPath(bool embedded)
    {
        if (RunSettings.Get("OMISTACK_ANSWERS", "answers") is { } configured)
        {
            return configured;
        }

        var local = Path.Combine(RunSettings.InvokedFrom, "answers.yaml");
        if (File.Exists(local))
        {
            return local;
        }

        // The embedded default is the reference solution: its answers are the example ones.
        return embedded ? Path.Combine(AppContext.BaseDirectory, "Questions", "answers.example.yaml") : null;
    }

    /// <summary>Judges one question for a student, overrides applied.</summary>
    public static (Judgement Judgement, decimal? Override) Judge(string checkId, string student, bool embedded)
    {
        if (LoadedKey.Value is null)
        {
            try
            {
                AnswerKey.Load(KeyPath);
            }
            catch (QuestionsFileException ex)
            {
                return (Judgement.Inconclusive($"the answer key cannot be used: {ex.Message}"), null);
            }
        }

        var question = Questions.First(q => q.CheckId == checkId);
        if (AnswersPath(embedded) is not { } answersPath)
        {
            return (Judgement.Inconclusive("no answers file (OMISTACK_ANSWERS, runsettings 'answers' or ./answers.yaml)"), null);
        }

        Answers answers;
        ReviewOverrides overrides;
        try
        {
            answers = Answers.Load(RunSettings.FullPath(answersPath));
            overrides = RunSettings.Get("OMISTACK_OVERRIDES", "overrides") is { } path ? ReviewOverrides.Load(RunSettings.FullPath(path)) : ReviewOverrides.None;
        }
        catch (QuestionsFileException ex)
        {
            return (Judgement.Inconclusive(ex.Message), null);
        }

        var judgement = question.Judge(answers.ByQuestion.GetValueOrDefault(question.Id));
        return (judgement, overrides.For(student, checkId));
    }

    /// <summary>
    /// The outcome of a question: the key's judgement, unless the instructor's override set its points
    /// (full points pass, fewer fail, both saying they were reviewed).
    /// </summary>
    public static CheckOutcome Score(CheckDefinition check, Judgement judgement, decimal? reviewed, CheckContextText text, Rubric rubric, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(judgement);
        var definition = rubric.Apply(check);
        if (reviewed is { } points)
        {
            var score = Math.Clamp(points, 0, definition.Points);
            var verdict = score == definition.Points ? Verdict.Pass : Verdict.Fail;
            var message = $"Reviewed by the instructor: {score.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} of {definition.Points} points (the key found: {judgement.Found}).";
            return new CheckOutcome(definition, verdict, message, definition.Hint, score, TimeSpan.Zero, at) { Counts = rubric.Counts(check.Id) };
        }

        return CheckOutcome.From(definition, judgement, text, TimeSpan.Zero, at, rubric.AllowsPartialCredit(check.Id)) with { Counts = rubric.Counts(check.Id) };
    }
}
