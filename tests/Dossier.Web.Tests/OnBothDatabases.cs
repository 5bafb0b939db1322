using Dossier.Testing;

[assembly: TestFramework("Dossier.Testing.DatabaseTestFramework", "Dossier.Testing")]

namespace Dossier.Web.Tests;

// Every web, API, browser and leak-crawl test class runs twice: on the demo workspace in SQLite and in
// PostgreSQL (the web app reaches the database only through IWorkspaceStore, and each dialect has its own SQL).
// A class that needs PostgreSQL says so with IOnPostgres; DatabaseTestFramework skips it off CI when PostgreSQL is missing.

public sealed class AccessTestsOnSqlite(SqliteDemo demo) : AccessTests(demo), IClassFixture<SqliteDemo>;
public sealed class AccessTestsOnPostgres(PostgresDemo demo) : AccessTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class AccountPreferenceTestsOnSqlite(SqliteDemo demo) : AccountPreferenceTests(demo), IClassFixture<SqliteDemo>;
public sealed class AccountPreferenceTestsOnPostgres(PostgresDemo demo) : AccountPreferenceTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class ApiTestsOnSqlite(SqliteDemo demo) : ApiTests(demo), IClassFixture<SqliteDemo>;
public sealed class ApiTestsOnPostgres(PostgresDemo demo) : ApiTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class BrowserTestsOnSqlite(SqliteDemo demo) : BrowserTests(demo), IClassFixture<SqliteDemo>;
public sealed class BrowserTestsOnPostgres(PostgresDemo demo) : BrowserTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class EvidenceApiTestsOnSqlite(SqliteDemo demo) : EvidenceApiTests(demo), IClassFixture<SqliteDemo>;
public sealed class EvidenceApiTestsOnPostgres(PostgresDemo demo) : EvidenceApiTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class EvidenceBrowserTestsOnSqlite(SqliteDemo demo) : EvidenceBrowserTests(demo), IClassFixture<SqliteDemo>;
public sealed class EvidenceBrowserTestsOnPostgres(PostgresDemo demo) : EvidenceBrowserTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class FormLanguageTestsOnSqlite(SqliteDemo demo) : FormLanguageTests(demo), IClassFixture<SqliteDemo>;
public sealed class FormLanguageTestsOnPostgres(PostgresDemo demo) : FormLanguageTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class FormTestsOnSqlite(SqliteDemo demo) : FormTests(demo), IClassFixture<SqliteDemo>;
public sealed class FormTestsOnPostgres(PostgresDemo demo) : FormTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class LinkageApiTestsOnSqlite(SqliteDemo demo) : LinkageApiTests(demo), IClassFixture<SqliteDemo>;
public sealed class LinkageApiTestsOnPostgres(PostgresDemo demo) : LinkageApiTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class LinkageBrowserTestsOnSqlite(SqliteDemo demo) : LinkageBrowserTests(demo), IClassFixture<SqliteDemo>;
public sealed class LinkageBrowserTestsOnPostgres(PostgresDemo demo) : LinkageBrowserTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class NoticePageTestsOnSqlite(SqliteDemo demo) : NoticePageTests(demo), IClassFixture<SqliteDemo>;
public sealed class NoticePageTestsOnPostgres(PostgresDemo demo) : NoticePageTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class ProtectedPlaintextTestsOnSqlite(SqliteDemo demo) : ProtectedPlaintextTests(demo), IClassFixture<SqliteDemo>;
public sealed class ProtectedPlaintextTestsOnPostgres(PostgresDemo demo) : ProtectedPlaintextTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class TimelineZoomTestsOnSqlite(SqliteDemo demo) : TimelineZoomTests(demo), IClassFixture<SqliteDemo>;
public sealed class TimelineZoomTestsOnPostgres(PostgresDemo demo) : TimelineZoomTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class UnsealTestsOnSqlite(SqliteDemo demo) : UnsealTests(demo), IClassFixture<SqliteDemo>;
public sealed class UnsealTestsOnPostgres(PostgresDemo demo) : UnsealTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class WorkbenchJourneyTestsOnSqlite(SqliteDemo demo) : WorkbenchJourneyTests(demo), IClassFixture<SqliteDemo>;
public sealed class WorkbenchJourneyTestsOnPostgres(PostgresDemo demo) : WorkbenchJourneyTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class WorkbenchPageTestsOnSqlite(SqliteDemo demo) : WorkbenchPageTests(demo), IClassFixture<SqliteDemo>;
public sealed class WorkbenchPageTestsOnPostgres(PostgresDemo demo) : WorkbenchPageTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class ErrorPageTestsOnSqlite(SqliteDemo demo) : ErrorPageTests(demo), IClassFixture<SqliteDemo>;
public sealed class ErrorPageTestsOnPostgres(PostgresDemo demo) : ErrorPageTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class HistoryClassificationTestsOnSqlite(SqliteDemo demo) : HistoryClassificationTests(demo), IClassFixture<SqliteDemo>;
public sealed class HistoryClassificationTestsOnPostgres(PostgresDemo demo) : HistoryClassificationTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class RefusalFloodTestsOnSqlite(SqliteDemo demo) : RefusalFloodTests(demo), IClassFixture<SqliteDemo>;
public sealed class RefusalFloodTestsOnPostgres(PostgresDemo demo) : RefusalFloodTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class EvidenceLinkApiTestsOnSqlite(SqliteDemo demo) : EvidenceLinkApiTests(demo), IClassFixture<SqliteDemo>;
public sealed class EvidenceLinkApiTestsOnPostgres(PostgresDemo demo) : EvidenceLinkApiTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class TestimonyPageTestsOnSqlite(SqliteDemo demo) : TestimonyPageTests(demo), IClassFixture<SqliteDemo>;
public sealed class TestimonyPageTestsOnPostgres(PostgresDemo demo) : TestimonyPageTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class DocumentSearchWebTestsOnSqlite(SqliteDemo demo) : DocumentSearchWebTests(demo), IClassFixture<SqliteDemo>;
public sealed class DocumentSearchWebTestsOnPostgres(PostgresDemo demo) : DocumentSearchWebTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class CasePageTestsOnSqlite(SqliteDemo demo) : CasePageTests(demo), IClassFixture<SqliteDemo>;
public sealed class CasePageTestsOnPostgres(PostgresDemo demo) : CasePageTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class EventCountTestsOnSqlite(SqliteDemo demo) : EventCountTests(demo), IClassFixture<SqliteDemo>;
public sealed class EventCountTestsOnPostgres(PostgresDemo demo) : EventCountTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class CaseFirstTestsOnSqlite(SqliteDemo demo) : CaseFirstTests(demo), IClassFixture<SqliteDemo>;
public sealed class CaseFirstTestsOnPostgres(PostgresDemo demo) : CaseFirstTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class PersianPageTestsOnSqlite(SqliteDemo demo) : PersianPageTests(demo), IClassFixture<SqliteDemo>;
public sealed class PersianPageTestsOnPostgres(PostgresDemo demo) : PersianPageTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class BrowseTableTestsOnSqlite(SqliteDemo demo) : BrowseTableTests(demo), IClassFixture<SqliteDemo>;
public sealed class BrowseTableTestsOnPostgres(PostgresDemo demo) : BrowseTableTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class FormHelpTestsOnSqlite(SqliteDemo demo) : FormHelpTests(demo), IClassFixture<SqliteDemo>;
public sealed class FormHelpTestsOnPostgres(PostgresDemo demo) : FormHelpTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class PersonFileTestsOnSqlite(SqliteDemo demo) : PersonFileTests(demo), IClassFixture<SqliteDemo>;
public sealed class PersonFileTestsOnPostgres(PostgresDemo demo) : PersonFileTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class NetworkMapTestsOnSqlite(SqliteDemo demo) : NetworkMapTests(demo), IClassFixture<SqliteDemo>;
public sealed class NetworkMapTestsOnPostgres(PostgresDemo demo) : NetworkMapTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class EvidenceFileTestsOnSqlite(SqliteDemo demo) : EvidenceFileTests(demo), IClassFixture<SqliteDemo>;
public sealed class EvidenceFileTestsOnPostgres(PostgresDemo demo) : EvidenceFileTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class SpreadsheetImportWebTestsOnSqlite(SqliteDemo demo) : SpreadsheetImportWebTests(demo), IClassFixture<SqliteDemo>;
public sealed class SpreadsheetImportWebTestsOnPostgres(PostgresDemo demo) : SpreadsheetImportWebTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
public sealed class RedactionWebTestsOnSqlite(SqliteDemo demo) : RedactionWebTests(demo), IClassFixture<SqliteDemo>;
public sealed class RedactionWebTestsOnPostgres(PostgresDemo demo) : RedactionWebTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class EvidenceClassificationWebTestsOnSqlite(SqliteDemo demo) : EvidenceClassificationWebTests(demo), IClassFixture<SqliteDemo>;
public sealed class EvidenceClassificationWebTestsOnPostgres(PostgresDemo demo) : EvidenceClassificationWebTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class SettledPeopleTestsOnSqlite(SqliteDemo demo) : SettledPeopleTests(demo), IClassFixture<SqliteDemo>;
public sealed class SettledPeopleTestsOnPostgres(PostgresDemo demo) : SettledPeopleTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class SettledPeopleBrowserTestsOnSqlite(SqliteDemo demo) : SettledPeopleBrowserTests(demo), IClassFixture<SqliteDemo>;
public sealed class SettledPeopleBrowserTestsOnPostgres(PostgresDemo demo) : SettledPeopleBrowserTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;

public sealed class EstimateStrataWebTestsOnSqlite(SqliteDemo demo) : EstimateStrataWebTests(demo), IClassFixture<SqliteDemo>;
public sealed class EstimateStrataWebTestsOnPostgres(PostgresDemo demo) : EstimateStrataWebTests(demo), IClassFixture<PostgresDemo>, IOnPostgres;
