using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>FluentValidation results into MVC's ModelState, and the 400 a refused form answers with.</summary>
public static class FormValidation
{
    public static void AddTo(this ValidationResult result, ModelStateDictionary modelState)
    {
        foreach (var error in result.Errors)
            modelState.AddModelError(error.PropertyName, error.ErrorMessage);
    }

    /// <summary>Re-shows the form with its errors and answers 400: the input was refused, nothing was stored.</summary>
    public static IActionResult InvalidForm(this Controller controller, IActionResult view)
    {
        controller.Response.StatusCode = StatusCodes.Status400BadRequest;
        return view;
    }
}
