namespace Dossier.Web.Forms;

/// <summary>Which kind of record an id field names, so its picker offers only those ("sourceId" → sources); empty: any kind.</summary>
internal static class RecordPicker
{
    public static string KindOf(string field) => field switch
    {
        "sourceId" => "source",
        "personId" or "victimId" or "perpetratorId" or "witnessId" or "interviewerId" => "person",
        "organizationId" or "courtId" => "organization",
        "placeId" or "venuePlaceId" => "place",
        "eventId" or "partOfId" => "event",
        "proceedingId" => "proceeding",
        "actId" => "act",
        "interviewId" => "interview",
        _ => string.Empty,
    };
}
