using OmiStack.Fixtures.Rancher;

namespace OmiStack.Tests.Unit.Rancher;

/// <summary>A Rancher API double on 127.0.0.1 for a test class, reset to the lesson's reference state before each test.</summary>
[NonParallelizable]
public abstract class ApiDoubleFixture
{
    /// <summary>The account API key of the reference state.</summary>
    protected static readonly ModelKey Key = new("0123456789ABCDEF0123", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-0000");

    /// <summary>The double.</summary>
    protected RancherApiDouble Api { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartDouble() => Api = await RancherApiDouble.StartAsync(new RancherModel(Lesson2Api.Reference(Key)));

    [OneTimeTearDown]
    public async Task StopDouble() => await Api.DisposeAsync();

    [SetUp]
    public void ResetModel() => Api.Model.Update(_ => Lesson2Api.Reference(Key));
}
