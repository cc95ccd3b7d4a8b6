"""Where an idea happens: the place its words name (by two words before one, and by another
name of a listed place), never what is no place, else the place its protagonist's job implies."""

from __future__ import annotations

import pytest

from shortstory.pipeline.situation import _places, listed_place, place_palette, read_idea


@pytest.mark.parametrize(
    ("idea", "place"),
    [
        ("A fencing master must stop a duel between two of his pupils.", "the fencing club"),
        ("A night-shift crane operator starts hearing knocking from a sealed box.",
         "the container port"),
        ("A toll collector takes a fare from a car with nobody in it.", "the booth"),
        ("A lock keeper finds a narrowboat moored where no boat should be.", "the canal"),
        ("A tree surgeon refuses to fell the last elm.", "the forest"),
        ("An elderly porter keeps a list of everyone who dies on a Tuesday.", "the hospital"),
        ("A tattoo artist inks a design she has never seen before.", "the tattoo parlour"),
        ("A switchboard operator hears her own voice on a call.", "the telephone exchange"),
        ("A chess coach suspects his star pupil of cheating.", "the chess club"),
    ],
)
def test_a_job_implies_its_place_when_the_idea_names_none(idea: str, place: str) -> None:
    situation = read_idea(idea)
    assert situation.place == place
    assert situation.corners[:4] == _places()["places"][listed_place(place)]["corners"]


@pytest.mark.parametrize(
    ("idea", "place", "corner"),
    [
        ("A widowed pianist plays every night on a river cruise.", "the river cruise",
         "the dining saloon"),
        ("A cleaner finds a baby at a motorway service station.", "the service station",
         "the forecourt"),
        ("Two strangers are stuck on a ski lift overnight.", "the ski lift", "the lift hut"),
        ("A lifeguard at a seaside lido sees the same swimmer every dawn.", "the lido",
         "the shallow end"),
    ],
)
def test_a_place_of_two_words_or_another_name_keeps_its_own_name_and_corners(
        idea: str, place: str, corner: str) -> None:
    situation = read_idea(idea)
    assert situation.place == place
    assert corner in situation.corners


def test_a_place_by_another_name_has_the_listed_places_palette() -> None:
    assert place_palette("the lido") == place_palette("the pool")


@pytest.mark.parametrize(
    ("idea", "never"),
    [
        ("A photographer notices a stranger in the background of every photograph she takes.",
         "background"),
        ("A forester finds a key in the roots of an old yew.", "roots"),
        ("A palmist sees a storm in a sailor's palm.", "palm"),
        ("A crane driver at a busy port starts hearing voices.", "starts"),
        ("A gondolier in Venice falls for a ghost.", "falls"),
        ("An old driver on the last route of the night sees the same face.", "route"),
    ],
)
def test_what_is_no_place_is_never_the_place(idea: str, never: str) -> None:
    assert never not in read_idea(idea).place


def test_what_is_no_place_may_be_part_of_one() -> None:
    assert read_idea("A forester finds a key in the roots of an old yew.").place == "the old yew"


@pytest.mark.parametrize(
    ("idea", "role", "place"),
    [
        ("A stunt rider in 1950s Blackpool loses her nerve on the wall of death.", "stunt rider",
         "Blackpool"),
        ("A Cornish cook aboard a leaking schooner rations the last of the flour.", "Cornish cook",
         "the schooner"),
        ("A female racing driver on a cargo vessel keeps a secret.", "female racing driver",
         "the cargo vessel"),
    ],
)
def test_a_named_place_after_its_decade_and_a_vessel_by_any_name(idea: str, role: str,
                                                                 place: str) -> None:
    situation = read_idea(idea)
    assert (situation.role, situation.place) == (role, place)
    assert "the galley" in situation.corners or place == "Blackpool"


@pytest.mark.parametrize(
    ("idea", "place"),
    [
        ("Four guests at a remote Scottish lodge wake to find the boat gone.",
         "the remote Scottish lodge"),
        ("A ghost haunts a call centre and frightens the night shift.", "the call centre"),
        ("A child on a tidally locked planet walks into the night.",
         "the tidally locked planet"),
    ],
)
def test_a_place_phrase_ends_at_the_main_verb_and_at_an_adverb(idea: str, place: str) -> None:
    assert read_idea(idea).place == place


@pytest.mark.parametrize(
    ("idea", "place"),
    [
        ("A crane driver on a building site high above Leeds sees a face in a window.",
         "the building site"),
        ("A nervous steward on a transatlantic flight hears knocking in the hold.",
         "the transatlantic flight"),
        ("Three brothers who run a seaside guesthouse fall out over a will.", "the guesthouse"),
        ("A court stenographer types a confession nobody has made yet.", "the courthouse"),
    ],
)
def test_a_phrase_ends_at_an_adverb_and_a_job_or_another_name_gives_the_place(
        idea: str, place: str) -> None:
    assert read_idea(idea).place == place


@pytest.mark.parametrize(
    ("idea", "place", "listed"),
    [
        ("A dinner lady finds a lost dog in a school playground.", "the school playground",
         "school"),
        ("A widower keeps bees in an allotment shed.", "the allotment shed", "allotment"),
        ("A dog walker finds a key on the same park bench.", "the park", "park"),
        ("A young priest is sent to a remote island parish.", "the parish", "church"),
    ],
)
def test_a_part_of_a_listed_place_keeps_its_name_and_takes_that_places_corners(
        idea: str, place: str, listed: str) -> None:
    situation = read_idea(idea)
    assert situation.place == place
    assert listed_place(place) == listed
    assert situation.corners[:4] == _places()["places"][listed]["corners"]


def test_a_leading_the_night_before_phrase_is_no_part_of_the_subject() -> None:
    situation = read_idea("The night before her wedding, a bride finds a letter from her father.")
    assert situation.role == "bride"


@pytest.mark.parametrize(
    ("idea", "role", "place"),
    [
        ("An astronaut stranded on Mars grows potatoes in a crater.", "astronaut", "Mars"),
        ("Four siblings return to their childhood home to sell it.", "sibling",
         "the childhood home"),
        ("A nurse works the night shift on Ward 9 alone.", "nurse", "the hospital"),
        ("In a world where music is banned, a girl finds a piano.", "girl", ""),
    ],
)
def test_a_name_without_an_article_a_home_by_its_name_and_no_world_or_ward_number(
        idea: str, role: str, place: str) -> None:
    situation = read_idea(idea)
    assert (situation.role, situation.place) == (role, place)
    assert "shift" not in situation.item


@pytest.mark.parametrize(("idea", "place"), [
    # Before: a widower who repairs clocks lay listening to "a family farmhouse being sold" (the
    # genre's own setting) and kept his tools in a milking shed.
    ("A widower repairs clocks for his neighbours and keeps one stopped at the hour his wife "
     "died.", "the workshop"),
    ("An old woman must bake a hundred loaves before dawn.", "the bakery"),
    # the idea's own place and the job's place come first
    ("A locksmith repairs a door in a lighthouse.", "the lighthouse"),
])
def test_an_idea_that_names_no_place_is_set_where_its_doing_is_done(idea: str,
                                                                    place: str) -> None:
    assert read_idea(idea).place == place


def test_a_place_named_for_an_event_holds_no_event() -> None:
    # Before: "Ines asks whether I mean to go through with it at the empty concert" (a reader's
    # worst line) for a piano tuner hired for an empty concert hall.
    tuner = read_idea("A piano tuner hired for an empty concert hall hears the instrument play "
                      "back the notes he tuned an hour before.")
    assert (tuner.event, tuner.place) == ("", "the concert hall")
    assert read_idea("Two sisters prepare for the village concert.").event == \
        "the village concert"


def test_the_stakes_at_the_ideas_place_fit_a_place_nobody_lives_in() -> None:
    # Before: "I thought of the right to stay on in the moon as a number."
    from shortstory.pipeline.models import StoryRequest
    from shortstory.pipeline.planning import plan_story

    for seed in range(12):
        body = {"premise": {"idea": "A terraforming botanist on a dry moon finds a flower "
                                    "she did not plant",
                            "character": {"name": "Ada", "pronouns": "she/her"}},
                "genre": "science-fiction", "scaffold": {"pov": "first", "tense": "past"},
                "target_words": 800, "seed": seed}
        stakes = plan_story(StoryRequest.model_validate(body)).world.stakes
        assert "stay on in" not in stakes and "staff of" not in stakes, stakes


@pytest.mark.parametrize(("idea", "place"), [
    # A job its holder has left is no place of the story (readers met an astronaut teaching
    # swimming on a space station).
    ("A retired astronaut teaches toddlers to swim.", "the pool"),
    ("A former lighthouse keeper opens a bakery.", "the bakery"),
    # What is taught is where it happens.
    ("A retired ferry pilot teaches her granddaughter to row.", "the river"),
    ("A widower learns to sail at seventy.", "the harbour"),
    # A job still held keeps its place.
    ("A lighthouse keeper finds a letter.", "the lighthouse"),
])
def test_a_left_job_gives_no_place_and_a_taught_deed_does(idea: str, place: str) -> None:
    assert read_idea(idea).place == place


@pytest.mark.parametrize("idea", [
    "A deep-sea salvage diver on an oil rig finds a body in the ballast tank.",
    "On a space station, the cook hides a kitten from the commander.",
    "A ship's cook on a cargo ship keeps a diary in code.",
])
def test_a_world_of_its_own_has_no_porch_and_no_road_into_town(idea: str) -> None:
    """Set G's readers: an oil rig "with a coal hatch, a road into town, a park with pigeons"."""
    corners = read_idea(idea).corners
    assert corners and not {"the road into town", "the porch", "the back yard",
                            "the front door", "the side gate"} & set(corners)
    assert "the mess" in corners
