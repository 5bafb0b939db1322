using Xunit.Abstractions;
using Xunit.Sdk;

namespace Dossier.Testing;

/// <summary>
/// Marks a test class that runs on PostgreSQL through its class fixture (for example the PostgreSQL half of
/// a suite that runs on both databases). Its tests follow the PostgreSQL skip-or-fail rule without each
/// method saying so: see <see cref="DatabaseTestFramework"/>.
/// </summary>
#pragma warning disable CA1040 // A marker: the class fixture, not a member, is what needs PostgreSQL.
public interface IOnPostgres;
#pragma warning restore CA1040

/// <summary>
/// xunit's own framework, except that the tests of an <see cref="IOnPostgres"/> class are skipped with the
/// reason when PostgreSQL is missing off CI (under CI they run and fail, like [PostgresFact]). An assembly
/// opts in with <c>[assembly: TestFramework("Dossier.Testing.DatabaseTestFramework", "Dossier.Testing")]</c>.
/// </summary>
public sealed class DatabaseTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkDiscoverer(assembly, sourceInformation, diagnostics)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var skip = SkipRule.SkipUnlessAvailable(PostgresCluster.IsAvailable, "Skipped: " + PostgresCluster.UnavailableReason);
            if (skip is null
                || !typeof(IOnPostgres).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType())
                || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            var testCase = new SkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip);
            return ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus);
        }
    }
}

/// <summary>A test case skipped for a reason found at discovery (not written on its attribute).</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = string.Empty;

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod, string reason)
        : base(diagnostics, display, options, testMethod) => _reason = reason;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);
        data.AddValue("SkipReason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _reason = data.GetValue<string>("SkipReason");
        base.Deserialize(data);
    }
}
