using Xunit.Abstractions;
using Xunit.Sdk;

namespace RxAtlas.TestSupport.Postgres;

/// <summary>Marks a test class whose every test needs the PostgreSQL server — used on subclasses of shared suites (the
/// contract tests) whose inherited <c>[Fact]</c>s cannot be changed to <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>xunit's framework, except that tests of a <see cref="RequiresPostgresAttribute"/> class are discovered as
/// skipped (with <see cref="PostgresTestServer.SkipReason"/>) when no server is configured and this is not CI — the same
/// rule as <see cref="PostgresFactAttribute"/>. Every other test is discovered exactly as xunit does.</summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus,
            ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var needsServer = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute).AssemblyQualifiedName).Any();
            var isTest = testMethod.Method.GetCustomAttributes(typeof(FactAttribute).AssemblyQualifiedName).Any();
            if (!needsServer || !isTest || PostgresTestServer.Target is not null || PostgresTestServer.IsCi)
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);

            var skipped = new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, PostgresTestServer.SkipReason);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }
}
