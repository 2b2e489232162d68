using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Enrichment.IntegrationTests.Infrastructure;

/// <summary>
/// xUnit's own framework with one addition: after the last test of the run, the containers it started
/// are removed (<see cref="ServiceContainers.RemoveAllAsync"/>). xUnit 2 has no assembly fixture, and a
/// process-exit hook is too late: the test host is ended before a broker container has stopped.
/// Each test project that uses <see cref="TestServices"/> registers it with <c>[assembly: TestFramework]</c>.
/// </summary>
public sealed class ServicesTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics, IMessageSink execution, ITestFrameworkExecutionOptions options)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnostics, execution, options)
    {
        // Before the "assembly finished" message: the runner waits for this, and a failure here is reported as a cleanup failure.
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await ServiceContainers.RemoveAllAsync();
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
