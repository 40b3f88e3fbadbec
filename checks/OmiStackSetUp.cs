using OmiStack.Checks.Adapter;

namespace OmiStack.Checks;

/// <summary>
/// After the last check of the session: the engine closes the runs (final reports, the score table or the
/// gradebook, the embedded lab gone), and a run that fails as a whole fails here, once, with its cause.
/// </summary>
[SetUpFixture]
public sealed class OmiStackSetUp
{
    [OneTimeTearDown]
    public async Task CloseRuns()
    {
        string? failure;
        try
        {
            failure = await FixtureRuns<OmiStackCourse>.CloseAsync();
        }
        finally
        {
            WriteLoadedAssemblies();
        }

        if (failure is not null)
        {
            Assert.Fail(failure);
        }
    }

    /// <summary>
    /// Diagnostics: with OMISTACK_LOADED_ASSEMBLIES naming a file, the names of the assemblies this run
    /// loaded go there, one a line (a student's run against their VMs must load no lab fixtures).
    /// </summary>
    private static void WriteLoadedAssemblies()
    {
        var settings = AdapterSettings.Source();
        if (settings.Get("OMISTACK_LOADED_ASSEMBLIES") is { } file)
        {
            File.WriteAllLines(settings.FullPath(file), AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal));
        }
    }
}
