using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.DataProtection;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// The lead's sheet of participation codes, so the slips can be printed again while the pulse is open. The plain
/// codes are kept in <c>code_sheet_entries</c>, each encrypted with the app's data protection under a purpose of its
/// own; they are deleted in the transaction that closes the pulse (<see cref="PulseClosing.CloseAsync"/>, the one
/// place a pulse closes: by the lead, at the end of its window, at completion, by retention). The sheet carries no
/// "used" mark and is never compared with <c>participation_codes</c>: the lead cannot tell which code was used.
/// </summary>
public sealed class CodeSheet(IDataProtectionProvider protection)
{
    public const string Purpose = "TeamCheckup.Checkups.CodeSheet.v1";
    private readonly IDataProtector protector = protection.CreateProtector(Purpose);

    /// <summary>Adds freshly issued codes to the round's sheet, in the issuing transaction.</summary>
    public async Task KeepAsync(DbConnection connection, DbTransaction transaction, int roundId, IReadOnlyList<string> codes)
    {
        if (codes.Count == 0) return;
        await connection.ExecuteAsync("INSERT INTO code_sheet_entries (round_id, protected_code) VALUES (@roundId, @code)",
            codes.Select(code => new { roundId, code = protector.Protect(code) }), transaction);
    }

    /// <summary>Every code of the round's sheet in the order issued; empty once the pulse has closed.</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(DbConnection connection, int roundId) =>
        (await connection.QueryAsync<string>("SELECT protected_code FROM code_sheet_entries WHERE round_id = @roundId ORDER BY id", new { roundId }))
        .Select(protector.Unprotect).ToList();

    public static Task DeleteAsync(DbConnection connection, DbTransaction transaction, int roundId) =>
        connection.ExecuteAsync("DELETE FROM code_sheet_entries WHERE round_id = @roundId", new { roundId }, transaction);
}
