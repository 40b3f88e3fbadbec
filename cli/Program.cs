using OmiStack.Cli;

// OmiStack's one command line for everything that is not `dotnet test`: `dotnet run --project cli -- --help`.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await Commands.Build().Parse(args).InvokeAsync(cancellationToken: cancel.Token);
