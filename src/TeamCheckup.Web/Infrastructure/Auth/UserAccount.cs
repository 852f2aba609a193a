namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>A row of <c>users</c>, as the sign-in code needs it.</summary>
public sealed class UserAccount
{
    public int Id { get; set; }
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? Email { get; set; }
    public string? PasswordHash { get; set; }
    public string? ExternalSubject { get; set; }
    public bool IsActive { get; set; }
    public int FailedSignInCount { get; set; }
    public DateTime? LockoutEnd { get; set; }
}

public sealed record ScopeGrant(string ScopeType, int ScopeId);
