using Rapport.Core.Validation;
using Rapport.Engine.Import;

namespace Rapport.Server.Tests;

/// <summary>A CSV row read into contact changes by its header: known columns to fields, the rest to traits.</summary>
public sealed class ImportColumnsTests
{
    [Fact]
    public void Every_address_column_lands_in_its_part_and_other_columns_become_traits()
    {
        var columns = ImportColumns.FromHeader(["External ID", "E-mail", "Street", "Line 2", "ZIP", "Town", "State", "Country", "Address name", "Plan"]);
        var errors = new FieldErrors();

        var row = columns.Read(["crm-1", "anna@example.com", "ul. Długa 1", "m. 2", "00-001", "Warszawa", "mazowieckie", "PL", "Anna Nowak", "pro"], errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal("crm-1", row.ExternalId.Or(null));
        Assert.Equal("anna@example.com", row.Email.Or(null));
        Assert.False(row.Phone.IsSet);
        var address = row.Address.Or(null)!;
        Assert.Equal(("Anna Nowak", "00-001", "Warszawa", "mazowieckie", "PL"), (address.Name, address.Postcode, address.City, address.Region, address.Country));
        Assert.Equal(["ul. Długa 1", "m. 2"], address.Lines);
        Assert.Equal("pro", (string?)row.Traits!["Plan"]);
    }

    [Fact]
    public void Empty_cells_leave_fields_alone_and_a_row_without_address_or_traits_has_none()
    {
        var columns = ImportColumns.FromHeader(["externalId", "email", "phone", "city", "plan"]);
        var errors = new FieldErrors();

        var row = columns.Read(["crm-2", "", " +48 601 234 567 ", "", ""], errors);

        Assert.True(errors.IsEmpty);
        Assert.False(row.Email.IsSet);
        Assert.Equal("+48 601 234 567", row.Phone.Or(null));
        Assert.False(row.Address.IsSet);
        Assert.Null(row.Traits);
    }
}
