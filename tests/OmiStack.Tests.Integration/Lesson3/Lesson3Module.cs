using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Integration.Lesson3;

/// <summary>
/// A third lesson, written as docs/adding-a-lesson.md says, that gathers what Lessons 1 and 2 never do:
/// a status service on a host that runs no Docker at all, read over SSH alone and over HTTP with a bearer
/// token. Its own target section declares the hosts, the page's path and the token (a secret, usually
/// <c>${STATUS_TOKEN}</c>):
/// <code>
/// status:
///   path: /status
///   token: ${STATUS_TOKEN}
///   hosts:
///     - { name: statushost, address: 10.0.0.7 }
/// </code>
/// Nothing outside this folder knows it; a course of its own names it in one line (<see cref="Lesson3Course.Catalog"/>).
/// </summary>
public sealed class Lesson3Module : ILesson
{
    /// <summary>The lesson's id.</summary>
    public const string Lesson = "lesson3";

    /// <summary>The lesson's own section of the target file.</summary>
    public const string Section = "status";

    /// <inheritdoc />
    public string Id => Lesson;

    /// <inheritdoc />
    public string Title => "Lesson 3 (a status service without Docker)";

    /// <inheritdoc />
    public IReadOnlyList<string> Stages { get; } = ["service"];

    /// <inheritdoc />
    public IReadOnlyList<Check> Checks => Lesson3Checks.All;

    /// <inheritdoc />
    public string TargetSection => "status section";

    /// <inheritdoc />
    public IReadOnlyList<string> TargetKeys { get; } = [Section];

    /// <inheritdoc />
    public IReadOnlyList<SectionSchema> SectionSchemas { get; } =
    [
        new(Section) { Fields = ["path"], Secrets = ["token"], HostLists = ["hosts"], Variables = ["STATUS_TOKEN"] },
    ];

    /// <inheritdoc />
    public bool Describes(Target target) => target?.Sections.ContainsKey(Section) == true;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> TextValues(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var section = target.Sections[Section];
        return new Dictionary<string, string>
        {
            ["hosts"] = string.Join(", ", section.Hosts("hosts").Select(h => h.Name)),
            ["path"] = Lesson3Checks.PathOf(section),
        };
    }

    /// <inheritdoc />
    /// <remarks>The lesson has one stage: a lab is at it, or has nothing to grade.</remarks>
    public Task<StageReached?> ReachedAsync(LabSession session, CancellationToken cancellationToken = default) =>
        Task.FromResult<StageReached?>(new StageReached("service", "the lesson has one stage"));
}
