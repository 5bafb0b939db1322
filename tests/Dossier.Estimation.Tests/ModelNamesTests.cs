using Dossier.Estimation.LogLinear;

namespace Dossier.Estimation.Tests;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData(4, "Mt", "Mt")]
    [InlineData(4, "mt", "Mt")]
    [InlineData(4, "M0", "M0")]
    [InlineData(4, "Mh Chao", "Mh Chao (LB)")]
    [InlineData(4, "Mh  Chao (LB)", "Mh Chao (LB)")]
    [InlineData(4, "mh lb", "Mh Chao (LB)")]
    [InlineData(4, "Mh Poisson", "Mh Poisson2")]
    [InlineData(4, "Mh Poisson2", "Mh Poisson2")]
    [InlineData(4, "Mh Darroch", "Mh Darroch")]
    [InlineData(4, "Mh Gamma", "Mh Gamma3.5")]
    [InlineData(4, "Mth Gamma3.5", "Mth Gamma3.5")]
    [InlineData(5, "Mth Chao", "Mth Chao (LB)")]
    [InlineData(4, "[12,34]", "[12,34]")]
    [InlineData(4, "[34,12]", "[12,34]")]
    [InlineData(4, "[ 12 , 3 , 4 ]", "[12,3,4]")]
    [InlineData(4, "[12]", "[12,3,4]")]
    [InlineData(4, "[123,4]", "[123,4]")]
    [InlineData(4, "[1,2,3,4]", "[1,2,3,4]")]
    [InlineData(5, "[12,13,23,25,34]", "[12,13,23,25,34]")]
    [InlineData(10, "[1:2,3:10]", "[1:2,3:10,4,5,6,7,8,9]")]
    [InlineData(4, "~ c1*c2 + c3 + c4", "[12,3,4]")]
    [InlineData(4, "~c1+c2+c3+c4+c1:c2", "[12,3,4]")]
    [InlineData(4, "~ (c1+c2+c3+c4)^2 - c1:c3", "[12,14,23,24,34]")]
    [InlineData(4, "~ (c1+c2+c3+c4)^2", "[12,13,14,23,24,34]")]
    [InlineData(4, "~ c1*c2*c3 + c4", "[123,4]")]
    [InlineData(4, "~ c1*c2*c3 - c1:c2:c3 + c4", "[12,13,23,4]")]
    public void Every_accepted_form_should_name_the_model_Rcapture_would_fit(int lists, string name, string canonical)
    {
        ModelNames.Parse(lists, name).Name.ShouldBe(canonical);
    }

    [Fact]
    public void Equal_names_should_give_equal_designs()
    {
        // The bracket, the formula and the hierarchical enumeration must build the same columns for one model.
        var bracket = HierarchicalModels.Create(4, [0b0011, 0b1001, 0b0110, 0b1010, 0b1100]);
        var formula = ModelNames.Parse(4, "~ (c1+c2+c3+c4)^2 - c1:c3");
        formula.ColumnNames.ShouldBe(bracket.ColumnNames);
        formula.Design.ShouldBe(bracket.Design);
    }

    [Theory]
    [InlineData(4, "Mx", "not a model name")]
    [InlineData(4, "Mh", "say which heterogeneity")]
    [InlineData(4, "Mh Normal", "'Normal' is not a heterogeneity")]
    [InlineData(4, "Mt Chao", "takes no heterogeneity")]
    [InlineData(2, "Mh Chao", "three lists or more")]
    [InlineData(4, "Mb", "no profile-likelihood interval")]
    [InlineData(4, "Mbh", "no profile-likelihood interval")]
    [InlineData(4, "[15,3]", "names list 5")]
    [InlineData(4, "[11,3]", "names list 1 twice")]
    [InlineData(4, "[12,,3]", "empty term")]
    [InlineData(4, "[12,3", "ends with ']'")]
    [InlineData(4, "[1a]", "numbered 1..4")]
    [InlineData(4, "[1234]", "all 4 lists")]
    [InlineData(4, "~ c1*c2 + c3", "c4 is not")]
    [InlineData(4, "~ c1 + c2 + c3 + c4 + c1:c2:c3", "not hierarchical")]
    [InlineData(4, "~ c1 + c2 + c3 + c4 + x1", "lists are c1..c4")]
    [InlineData(4, "~ (c1 + c2 + c3 + c4", "without its ')'")]
    [InlineData(4, "~ -1 + c1 + c2 + c3 + c4", "intercept")]
    [InlineData(4, "", "empty")]
    public void A_name_that_is_no_model_should_say_why_and_list_the_accepted_forms(int lists, string name, string why)
    {
        var e = Should.Throw<FormatException>(() => ModelNames.Parse(lists, name));
        e.Message.ShouldContain(why);
        e.Message.ShouldContain("Accepted forms:");
        e.Message.ShouldContain("[12,34]");
        ModelNames.TryParse(lists, name, out var error).ShouldBeNull();
        error.ShouldBe(e.Message);
    }
}
