using FluentValidation;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Features.Account;

public sealed class SignInForm
{
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string? ReturnUrl { get; set; }
}

public sealed class SignInFormValidator : AbstractValidator<SignInForm>
{
    public SignInFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.UserName).NotEmpty().MaximumLength(100).WithName(_ => t["Account.UserName"]);
        RuleFor(f => f.Password).NotEmpty().MaximumLength(200).WithName(_ => t["Account.Password"]);
    }
}
