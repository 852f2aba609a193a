using System.Text;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.OrganisationImport;

namespace TeamCheckup.Tests.Features.OrganisationImport;

/// <summary>Reading the file, without the app: the CSV dialects Excel and HR systems write, and the workbook.</summary>
public class ImportFileTests
{
    private static readonly string Header = string.Join(";", ImportColumns.All);

    [Test]
    public void Reads_semicolons_commas_tabs_a_byte_order_mark_quotes_blank_lines_and_spaces()
    {
        foreach (var separator in new[] { ";", ",", "\t" })
        {
            var text = "\uFEFF" + Header.Replace(";", separator) + "\r\n" +
                       string.Join(separator, "team", " T1 ", "\"Team \"\"Noord\"\", " + separator + " en zo\"", "D1", "Basisteam", "12", "", "", "", "") + "\r\n" +
                       "\r\n" + string.Join(separator, Enumerable.Repeat("", 10)) + "\r\n" +
                       string.Join(separator, "lead", "", "Tom", "", "", "", "", "tom", "tom@politie.example", "T1|T2") + "\n";
            var contents = ImportFile.Read(Encoding.UTF8.GetBytes(text), "organisatie.csv");
            Assert.That(contents.Problems, Is.Empty, separator);
            Assert.That(contents.Rows.Select(r => r.Number), Is.EqualTo(new[] { 2, 5 }), "row numbers as a spreadsheet counts them; blank rows skipped");
            Assert.That(contents.Rows[0][ImportColumns.Code], Is.EqualTo("T1"));
            Assert.That(contents.Rows[0][ImportColumns.Name], Is.EqualTo($"Team \"Noord\", {separator} en zo"));
            Assert.That(contents.Rows[1][ImportColumns.TeamCodes], Is.EqualTo("T1|T2"), "the team-code list is not taken for a separator");
        }
    }

    [Test]
    public void Columns_may_come_in_any_order_and_case()
    {
        var header = ImportColumns.All.Reverse().Select(c => c.ToUpperInvariant()).ToList();
        var text = string.Join(",", header) + "\n" + "T1|T2,x@politie.example,jan,,,,,,Jan,lead\n";
        var contents = ImportFile.Read(Encoding.UTF8.GetBytes(text), "organisatie.csv");
        Assert.That(contents.Problems, Is.Empty);
        Assert.That(contents.Rows.Single()[ImportColumns.UserName], Is.EqualTo("jan"));
    }

    [Test]
    public void A_stray_quote_and_a_row_with_extra_fields_are_problems_of_their_row()
    {
        var text = Header + "\n" + "team;T1;Team \"Noord;D1;Basisteam;12;;;;\n" + "team;T2;Zuid;D1;Basisteam;12;;;;;extra\n";
        var contents = ImportFile.Read(Encoding.UTF8.GetBytes(text), "organisatie.csv");
        Assert.That(contents.Problems.Select(p => (p.Row, p.Key)), Is.EquivalentTo(new (int?, string)[]
        {
            (2, "Import.Problem.BadQuotes"), (3, "Import.Problem.TooManyFields"),
        }));
    }

    [Test]
    public void A_workbook_reads_text_numbers_and_skipped_cells_in_their_columns()
    {
        List<IReadOnlyList<string>> rows =
        [
            ImportColumns.All,
            new[] { "team", "T1", "Basisteam Noord", "D1", "Basisteam", "36", "", "", "", "" },
            new[] { "", "", "", "", "", "", "", "", "", "" },
            new[] { "lead", "", "Tom", "", "", "", "", "tom", "", "T1" },
        ];
        var contents = ImportFile.Read(Workbooks.Xlsx(rows), "organisatie.xlsx");
        Assert.That(contents.Problems, Is.Empty);
        Assert.That(contents.Rows.Select(r => r.Number), Is.EqualTo(new[] { 2, 4 }));
        Assert.That(contents.Rows[0][ImportColumns.Headcount], Is.EqualTo("36"));
        Assert.That(contents.Rows[1][ImportColumns.UserName], Is.EqualTo("tom"));
        Assert.That(contents.Rows[1][ImportColumns.Email], Is.Empty);
    }

    [Test]
    public void The_sample_file_passes_every_rule()
    {
        var path = Path.Combine(RepositoryPaths.Root, "docs", "organisation-import-sample.csv");
        var contents = ImportFile.Read(File.ReadAllBytes(path), path);
        var (organisation, problems) = DesiredOrganisationRules.Check(contents.Rows);
        Assert.That(contents.Problems.Concat(problems), Is.Empty);
        Assert.That((organisation.Units.Count, organisation.Districts.Count, organisation.Teams.Count, organisation.Leads.Count), Is.EqualTo((3, 11, 91, 83)));
        Assert.That(organisation.Leads.SelectMany(l => l.TeamCodes).Distinct().Count(), Is.EqualTo(91), "every team of the sample has a lead");
    }
}
