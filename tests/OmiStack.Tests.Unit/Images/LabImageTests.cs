using FluentAssertions;
using OmiStack.Fixtures.Images;

namespace OmiStack.Tests.Unit.Images;

public sealed class LabImageTests
{
    [TestCase(LabImageRole.Node, ImageSource.Offline, "omistack/node:offline")]
    [TestCase(LabImageRole.Registry, ImageSource.Online, "omistack/registry:online")]
    public void Tags_name_role_and_source(LabImageRole role, ImageSource source, string tag)
    {
        new LabImage(role, source).Tag.Should().Be(tag);
    }

    [TestCase(LabImageRole.Ghost, "ghost:latest")]
    [TestCase(LabImageRole.Registry, "registry:2")]
    [TestCase(LabImageRole.Mediawiki, "mediawiki:latest")]
    [TestCase(LabImageRole.Database, "database:latest")]
    public void Seeded_images_carry_the_names_the_lessons_commands_use(LabImageRole role, string name)
    {
        new LabImage(role, ImageSource.Offline).LessonNames.Should().Equal(name);
    }

    [Test]
    public void The_recipe_hash_is_stable_and_differs_by_role()
    {
        var ghost = new LabImage(LabImageRole.Ghost, ImageSource.Offline);

        LabImageBuilder.RecipeHash(ghost).Should().Be(LabImageBuilder.RecipeHash(ghost)).And.HaveLength(16);
        LabImageBuilder.RecipeHash(ghost).Should().NotBe(LabImageBuilder.RecipeHash(new LabImage(LabImageRole.Mediawiki, ImageSource.Offline)));
    }
}
