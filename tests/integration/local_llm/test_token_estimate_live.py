"""The token estimate against the real tokenizer: SmolLM2's, through the llama.cpp server.

Twelve passages of English narrative prose (100–800 words: dialogue, punctuation, numbers, names,
contractions), written for this test. For each, ``estimate_tokens`` must be within ±10 % of what
``POST /extras/tokenize`` counts. The module docstring of ``shortstory.writers.token_estimate``
holds the figures; when they change, update it from this test's output (``-rP`` prints them).
"""

from __future__ import annotations

import pytest
import requests
from support.local_llm import server_root

from shortstory.writers.token_estimate import estimate_tokens

TOLERANCE = 0.10

PASSAGES: dict[str, str] = {
    "harbour": """\
"You're late," said Maren, not looking up from the nets.

"The ferry was late. I'm only as late as the ferry." Tomas dropped his bag on the quay and \
squinted at the grey water. "Is that the Kestrel? I thought they'd sold her."

"They tried. Nobody wanted a boat that leaks in three places and sulks in the fourth." She \
tossed him a coil of rope. "Make yourself useful. We sail at six, if the wind lets us, and it \
won't."

He caught the rope, laughed, and for the first time in eleven years felt he'd come home. The \
gulls, at least, had not changed.
""",
    "ledger": """\
The ledger had been kept since 1871, and every page of it was in the same cramped hand until \
March 1932, when the writing changed. Agnes noticed it on her second evening in the archive. \
Entries before that date recorded sums like 4s. 6d. for lamp oil and £12 10s. for a new mast; \
entries after it were neater, rounder, and oddly generous: £3 to "Mrs. Pell, for her trouble," \
£7 to "the boy at Carrow's," £40 to nobody at all.

She copied the figures into her notebook, 17 of them, and added them twice. They came to \
£211 4s. 0d. In 1932 that would have bought a cottage on Quay Street, or a great deal of \
silence.

"Find something?" asked Mr. Dunmore, the archivist, peering over his half-moon glasses.

"Maybe," she said. "Who took over the accounts in '32?"

He didn't answer for a long moment. Then: "My grandfather."
""",
    "kitchen": """\
"Don't," said Priya, before her brother had even opened his mouth.

"I haven't said anything."

"You were going to. You've got that face. The one you had when you told Mum the dog ate the \
car keys." She cracked an egg against the rim of the bowl, then another, and didn't bother \
picking out the bit of shell. "Whatever it is, it can wait till after breakfast."

Arjun sat at the table and turned his mug round and round. "It can't, actually. I've quit."

"Quit what? Smoking? You don't smoke."

"The firm. I handed in my notice on Friday. I'm going to Lisbon."

The whisk stopped. Outside, the neighbour's radio was playing something with too many \
trumpets, and a van reversed, beeping, down the lane. Priya set the bowl down very carefully, \
as if it might explode.

"Lisbon," she said. "What's in Lisbon?"

"A boat. Well, half a boat. I've bought a share in a boat with a man called Duarte, and we're \
going to take tourists out to see the dolphins." He tried a smile. "There are dolphins, he \
says. Loads of them."

"You get seasick in the bath."

"I'll get used to it. People do." He looked at her properly for the first time. "You're not \
going to shout?"

She thought about it. Then she laughed, and it wasn't the laugh he'd expected; it was warm, \
and a little envious. "I'd shout if I thought it'd help. Eat your eggs. Then tell me about \
Duarte."
""",
    "pool": """\
I stand at the edge of the shallow end with my whistle in my teeth and six toddlers in front of \
me, and not one of them is listening. Wren is licking the railing. Oscar has taken off his \
armbands and is trying to put them on his ears. The twins, Bea and Bo, are holding hands and \
staring at the water as though it has personally insulted them.

Thirty-one years ago I sat on top of a rocket and waited for a countdown. I remember thinking \
nothing could be harder than those last ten seconds. I was wrong. This is harder.

"Right," I say, crouching so that my knees crack like pistol shots. "Who wants to be an \
astronaut?"

Six hands go up. Even Wren's, though she keeps licking.

"Astronauts practise floating," I tell them. "In space there's no up and no down, so you just \
lie back and let go. The water's the same. It holds you if you let it."

Oscar frowns. "Did you let go in space?"

"Once," I say. "For about four seconds. Then I bumped my head on a cupboard."

They laugh, all of them, a high bright sound that bounces off the tiles, and I lower the first \
one in, my hand flat under her back, and she floats.
""",
    "train": """\
The 07:42 from Inverness to Edinburgh was, as usual, running nine minutes behind, and Calum \
MacLeod spent them on the platform at Aviemore with a paper cup of coffee going cold in his \
hand. He had made this journey every Monday for four years, ever since the distillery closed \
and the job in Leith came up, and he knew every stop by heart: Kingussie, Newtonmore, Dalwhinnie, \
Blair Atholl, Pitlochry, Dunkeld, Perth. After Perth he usually slept.

Today he didn't. Today there was a woman in seat 23B reading his book.

Not his copy; his book. The one he'd written in the long, empty winter after the distillery, \
under a name that wasn't his, and that had sold, according to the last royalty statement, \
exactly 412 copies. He'd assumed most of those were his mother's doing.

She was halfway through. She had folded the corner of a page, which he minded, and underlined \
a sentence in pencil, which he minded much less. At Pitlochry she laughed out loud, and the \
man across the aisle glared at her over his Financial Times.

Calum tried to work out which chapter she'd reached. The one with the ferry, he thought, or \
the wedding in Oban where the piper fell into the harbour. Both were true, more or less.

At Perth she closed the book, looked out at the rain for a while, and then looked straight at \
him.

"You're him, aren't you?" she said. "The photo on the back's awful, but it's you."

"It was taken in 2009," Calum said. "In a gale."

"It shows." She held the book out to him. "Would you sign it? My name's Isla. With an s."
""",
    "letter": """\
14 Harrow Lane
Kettering
Tuesday, 3rd of June, 1947

Dear Frank,

Your letter of the 19th came on Saturday, along with the parcel, and I can't tell you how glad \
we were of both. The tea has gone into the tin with the good lid, and Mother says the tinned \
peaches are to be saved for Margaret's birthday on the 28th, which means, I suspect, that \
they'll be gone by Thursday.

You asked about the house. The roof is mended, or mended enough; Mr. Aske came on the 2nd and \
charged us £4 for the slates and another 15 shillings for what he called "sundries," which as \
far as I could tell meant a pint at the Crown. The back bedroom is still damp. We've moved the \
piano out of it, and your old bicycle, and the boxes of Dad's papers that nobody wants to sort \
and nobody will let me throw away.

Margaret has started at the typing school on Bell Street. She does 38 words a minute, she \
says, and will do 50 by Christmas, and then she's going to London to work for a newspaper. I \
haven't the heart to tell her what the newspapers pay. Let her find out; I did.

I went to the station on the 25th to meet the 4:15, thinking you might be on it after all. \
Silly of me. The stationmaster, old Pritchard, asked after you and said to tell you the \
pigeons are doing well, whatever that means.

Write when you can. Don't worry about us. We're managing, which is more than a lot can say.

With love, and with the peaches safe for now,

Eleanor
""",
    "storm": """\
The storm arrived in the late afternoon, first as a thickening of the light and then as a \
sound, a low continuous growl that seemed to come from the ground rather than the sky. By \
five o'clock the orchard was thrashing. Apples, still green and hard, pelted the greenhouse \
roof like gravel flung by an impatient child, and the old weathervane on the barn, which had \
not turned in living memory, swung round with a shriek of tortured iron and pointed \
resolutely, accusingly, at the house.

Inside, Hester moved from window to window, lighting the oil lamps although the electricity \
had not yet failed, because she did not trust it to last and because the lamps were a comfort \
she remembered from childhood. Her grandfather had lit them on nights like this, muttering \
incantations about barometric pressure and the unreliability of the Meteorological Office, \
and she found herself muttering too, inventing her own superstitions for the occasion.

The telephone rang once and stopped. The dog, a disreputable collie called Admiral, retreated \
beneath the kitchen table and refused every blandishment, including a sausage.

At half past six the electricity did fail, quite suddenly, with a little click of apology from \
the refrigerator. In the abrupt silence Hester heard the rain properly for the first time: not \
falling but travelling, sheet after sheet of it driven horizontally across the valley, \
drumming on the shutters, gargling in the gutters, overflowing the water butt with a steady, \
unembarrassed roar.

She sat down at the table with a lamp and the crossword and waited. There was nothing else to \
do. Somewhere beyond the orchard the river would be rising, brown and purposeful, reclaiming \
the water meadows it had surrendered reluctantly in April; somewhere the road to Ashcombe \
would already be impassable; somewhere, she supposed, people were being heroic and \
competent and wet.

Admiral emerged, sniffed the air with profound suspicion, and put his head in her lap.

"It's all right," she told him, which was almost certainly untrue, and reached for her pencil. \
Seven across: an eleven-letter word for uncontrollable, beginning with i.
""",
    "courtroom": """\
"State your name for the record, please."

"Dorothy Evangeline Marsh."

"And your occupation, Mrs. Marsh?"

"I was a schoolteacher for thirty-four years. Now I'm retired, which mostly means I'm a \
gardener with opinions."

A ripple of laughter moved through the public gallery, and Judge Okonkwo allowed it to subside \
before tapping her pen, once, against the bench. Counsel for the prosecution, a tall, \
meticulous man named Hargreaves, waited with the patience of someone who had been warned \
about this witness.

"Mrs. Marsh, on the night of the 14th of November, you were at home at 27 Linden Avenue. Is \
that correct?"

"It is."

"And at approximately 11:40 p.m. you looked out of your front window. Why?"

"Because the Petersons' dog was barking, and the Petersons' dog never barks. It's a \
basset hound. It's too lazy to bark. When it barks, something is wrong."

"What did you see?"

She folded her hands. "A man in a dark coat, walking quickly, carrying what I took to be a \
sports bag. He came out of the lane that runs behind number 31 and went towards the main \
road. He stopped under the streetlight to light a cigarette."

"Could you see his face?"

"Clearly. I've seen it every day this week, sitting over there." She did not point; she merely \
inclined her head, fractionally, towards the dock. "I'm old, Mr. Hargreaves, but I'm not \
blind, and I taught that young man long division in 1998. He was hopeless at it then, too."

The defence barrister was on her feet at once. "Objection, Your Honour. The witness is \
volunteering irrelevant and prejudicial commentary."

"Sustained. The jury will disregard the remark about long division." Judge Okonkwo turned to \
the witness with something that was not quite a smile. "Mrs. Marsh, please confine yourself to \
answering the questions you're asked."

"Of course, Your Honour. I do apologise. Old habits."

Hargreaves consulted his notes, though everyone in the room could see he did not need to. \
"And you're certain, Mrs. Marsh? Entirely certain?"

"Young man," said Dorothy Marsh, "I have marked eleven thousand spelling tests. I am certain \
of very few things. But I am certain of that."
""",
    "market": """\
Saturday was market day in Castelnou, and by eight o'clock the square was already full: \
trestle tables under striped awnings, crates of tomatoes stacked three deep, wheels of cheese \
sweating gently in the early sun. Lucie worked the stall her aunt had run for 26 years, \
selling honey in four grades (acacia, lavender, chestnut and the dark, bitter heather that \
only the English tourists bought) and candles made from the wax.

Her prices were chalked on a slate: small jars €6, large jars €11, a box of six candles €9.50. \
Her aunt had always said that the price was the beginning of a conversation, not the end of \
one; Lucie, who was twenty-three and had studied accountancy in Toulouse, privately \
disagreed, but she let people haggle because they enjoyed it, and because they bought more \
when they felt they had won.

"Three large lavender," said a woman in a straw hat, "if you'll do them for thirty."

"Thirty-one," said Lucie, "and I'll throw in a candle."

"Done." The woman counted out coins, dropped one, and laughed as it rolled under the next \
stall, where Monsieur Pagès sold knives, corkscrews, whetstones and, for reasons nobody had \
ever explained, a single stuffed owl that was not for sale.

The morning went as mornings went: a rush at nine, a lull at ten, a second rush when the \
coach from Perpignan arrived at a quarter past eleven and disgorged forty-two pensioners who \
wanted to taste everything and buy almost nothing. Lucie gave away two jars' worth of samples \
on little wooden spoons. She sold, by her own count, 37 jars, 14 boxes of candles and one \
beeswax bar that she had been trying to get rid of since April.

At half past twelve, as the stallholders began to pack up, her aunt appeared, leaning on her \
stick, and inspected the cash box with the air of a customs officer.

"Not bad," she said finally. "Not good. Not bad."

"I sold the beeswax bar."

"To whom?"

"A man from Lyon. He said it was for his skis."

Her aunt considered this. "Then he was either a liar or an idiot, and in both cases you did \
well." She snapped the cash box shut. "Come. Monsieur Pagès has promised us lunch, and if we're \
late he'll give it to the owl."

They walked across the emptying square together, past the fountain and the war memorial, the \
plane trees throwing their patchwork shade across the cobbles, and Lucie thought, not for the \
first time, that there were worse ways to spend a life than selling honey to strangers who \
argued about the price of it.
""",
    "grandmother": """\
My grandmother kept everything. Not in the way people on television keep everything, in \
toppling towers of newspapers and tins, but methodically, as though she had been appointed \
archivist to her own life and took the position seriously. String was wound onto cardboard \
spools and labelled by length. Buttons lived in jam jars, sorted by colour and then, within \
colour, by number of holes. Letters were filed in shoeboxes, one box for each correspondent, \
and the boxes were arranged alphabetically on shelves my grandfather had built in the spare \
room in 1963, the year they moved into the house on Wellington Road.

When she died, in the February of her ninety-first year, it fell to my mother and me to clear \
the house, and we discovered that her system extended further than either of us had known. \
There was a box for the milkman. There was a box for a cousin in Winnipeg whom nobody had met. \
There was a box, thick with envelopes, marked simply "R.", and my mother, who had been sorting \
briskly and efficiently all morning, stopped when she saw it and sat down on the edge of the \
bed.

"I didn't know," she said. "I honestly didn't know she'd kept them."

I waited. Outside, a blackbird was arguing with someone in the hedge, and a car went past too \
fast, its radio thumping. My mother turned the box over in her hands without opening it.

"Your grandfather wasn't her first choice," she said at last. "Everyone knew that, in the \
family; nobody ever said it. There was a man before him, a Canadian airman, stationed at \
Waddington during the war. Robert something. They were engaged, or nearly. Then he was posted \
somewhere, and then the war ended, and then he went home, and that was that. Or I always \
assumed that was that."

She lifted the lid. The letters were in order, naturally, the earliest at the front: thin blue \
airmail sheets, folded into thirds, the handwriting leaning hard to the right as if the writer \
were walking into a wind. The first was dated 1944. The last, my mother found, when she \
eventually worked her way to the back of the box, was dated 2001.

"Fifty-seven years," she said. "Fifty-seven years, and she never said a word."

We didn't read them that day. We put the lid back on, and the box went into the boot of my \
mother's car with the silver and the photograph albums and the good coat, and we went on \
clearing: the button jars, the string, the drawer of instruction manuals for appliances that \
had been thrown away in the 1980s. It was weeks before my mother opened the box again, and \
months before she told me what was in it.

What was in it, mostly, was ordinary life. Robert had gone home to Manitoba and married a girl \
from the next farm. He'd had four children and a dog called Mackenzie and a bad back. He wrote \
about the harvest and the price of wheat and his eldest daughter's wedding; my grandmother, it \
seemed, had written back about the garden and my mother's school reports and the new \
kitchen. Twice a year, at Christmas and in the summer, for more than half a century.

"Were they in love?" I asked my mother, when she finally told me.

She thought about it for a long time. "I think," she said, "they were friends who had once been \
in love, and who were careful, always, to stay exactly that. I think it took a great deal of \
discipline." She smiled. "Your grandmother was very good at discipline."

I still have the box. I haven't read all the letters; it feels, even now, like eavesdropping. \
But sometimes I take one out at random and read a paragraph about rain in Brandon, or a new \
tractor, or a grandson's first word, and I think about how much of a life can be kept in a \
shoebox, and how much, however careful you are, can't.
""",
    "heist": """\
"Four minutes," said Jax. "That's all we get. Four minutes between the guard change and the \
camera reset. Not four and a half. Not four and a bit. Four."

"You've said that six times," said Nadia.

"Because it matters six times." He spread the floor plan across the bonnet of the van. It was \
3:12 a.m., the car park behind the Whitcombe Gallery was empty, and the only light came from \
a flickering sign across the road that said PIZZA in red and, intermittently, IZZ. "Okay. \
Once more. Nadia, you're on the side door. Ollie, you're on the alarm panel. Me, I'm on the \
case. Fitz stays in the van and does what?"

"Drives," said Fitz, who was nineteen and had passed his test on the third attempt.

"Drives. Correct. Doesn't play the radio, doesn't text his girlfriend, doesn't get out to \
stretch his legs. Drives."

"I haven't got a girlfriend."

"Then it won't be a problem, will it?"

Ollie was chewing gum with great concentration. He was the oldest of them by twenty years, a \
former electrician with a bad knee and a daughter at university in Durham, and he had said \
almost nothing all evening. Now he took the gum out, wrapped it in a receipt, and put it in \
his pocket.

"The panel's a Halvorsen 600," he said. "Not a 500. You told me a 500."

Jax stared at him. "Does it matter?"

"It matters about ninety seconds' worth."

There was a silence. Across the road, the sign buzzed and became IZZ again.

"Right," said Jax. "So we've got two and a half minutes."

"Two minutes thirty," said Nadia. "Not two and a bit."

"Don't."

"I'm just saying. It matters."

He looked from one face to the next: Nadia's cool and amused, Ollie's patient, Fitz's \
frankly terrified. He thought about the painting upstairs, a small, dark, unremarkable \
portrait of a Dutch merchant that a man in Geneva had offered them £250,000 to acquire, no \
questions asked. He thought about the 90 seconds. He thought, briefly and unwillingly, about \
his mother, who had always said he would end up either very rich or in prison, and that she \
wasn't fussy which.

"We go," he said. "Two thirty. If the case isn't open by two fifteen, we walk away. \
Everybody clear?"

"Clear."

"Clear."

"What if I need the loo?" said Fitz.

Nobody answered him. Nadia pulled on her gloves, Ollie picked up his bag of tools, and Jax \
folded the floor plan into quarters and then into eighths, as if making it smaller might make \
the job smaller too.

At 3:26 the guard came out of the side door, yawned, and walked towards the bus stop. At 3:27 \
his replacement had not yet arrived. At 3:28 Nadia was at the door with a plastic card and a \
length of wire, and at 3:28 and eleven seconds it opened.

"In," she whispered.

They went in.
""",
    "expedition": """\
Day 1 - 6th of January. Left Union Glacier at 09:15 under a clear sky, wind light from the \
south-east, temperature -18°C. Sledge weight 96 kg, which Sven insists is 94 kg because he \
weighed it before we added the second stove. We covered 14.2 km in seven hours, slower than \
planned, but nobody is worried yet. Camped at 79°52'S, 82°10'W. Dinner was freeze-dried \
chilli con carne, which tasted exactly as good as it sounds.

Day 2. Wind rose overnight to 35 km/h and backed to the south, straight into our faces. We \
managed 11.8 km. My left goggle fogs whenever I breathe through my nose, so I have learned to \
breathe through my mouth, which makes me look, Sven says, like a surprised cod. He has been \
composing a list of things I look like. The list is long.

Day 3. Whiteout. Stayed in the tent from 06:00 to 14:30, playing cards and listening to the \
fabric crack like gunfire. Ventured out at 14:45 for 3 km and turned back when we could no \
longer see the sledge from the front of the rope. Total today: 3.1 km. Morale: fine. Sven \
won 412 imaginary dollars at poker. I owe him, apparently, a house in Stavanger.

Day 4. Clear again, and brutally cold: -29°C at 07:00, with a wind chill we chose not to \
calculate. The sastrugi here are knee-high and frozen hard as concrete; the sledge tipped over \
twice before noon. On the second occasion the food bag split and we spent forty minutes \
picking oatmeal out of the snow with our mitts, which, I can confirm, is not a skill they \
teach on any course.

Day 5. 18.6 km, our best day yet. Passed the 80th parallel at 16:20 and celebrated with a \
square of chocolate each and a photograph in which we both look about ninety years old. My \
nose has begun to peel. Sven's beard has frozen into a single solid block that he claims \
keeps his chin warm. I asked him whether he had considered that this was not, in fact, how \
beards work. He said the Vikings managed. I said the Vikings did not go to Antarctica. He said \
that was only because nobody had told them about it.

Day 6. Rest day, by the schedule, though it didn't feel like one. Melted snow for water (it \
takes roughly 1.5 litres of fuel to produce 20 litres of water, a ratio that haunts my \
sleep), repaired the split food bag with duct tape and dental floss, and re-packed the sledge \
so that the things we use most are at the top. Sven called home on the satellite phone. His \
daughter, who is six, asked whether he had seen a polar bear. He explained, patiently, that \
polar bears live at the other end of the world. She said, "Then why did you go to the wrong \
end?" He had no answer to this. Neither do I.

Day 7. 16.4 km in a flat, grey light that makes it impossible to see the surface. Without \
shadows every ridge and hollow disappears, and you walk as though blindfolded, stumbling into \
holes you couldn't see and over bumps you didn't know were there. I fell eleven times. Sven \
fell seven and maintains that this makes him the better skier. I maintain that it makes him \
the luckier one.

Day 8. Wind from the north for the first time, at our backs, and for five glorious hours we \
flew the kites. 31.7 km. I had forgotten what it felt like to be carried instead of dragging; \
for a while I laughed aloud inside my face mask, and Sven, fifty metres ahead, raised one \
ski pole in salute without looking back. We camped at 81°03'S with the sun still circling \
overhead, as it will until February, and for once neither of us wanted to stop.

Day 9. Paid for yesterday. Both of us are stiff, sore and irritable, and the wind has \
returned to the south with a kind of personal malice. 9.9 km. Sven's left heel has a blister \
the size of a two-euro coin, which I dressed with the gravity of a field surgeon while he \
read aloud from the only book we brought, a paperback of Shackleton's South with the cover \
torn off. "At least," he said, "nobody's eaten the dogs yet." We haven't got any dogs. He \
knows this. It was, I think, a joke.

Day 10. Distance remaining to the Pole: 872 km. Food remaining: 41 days at full rations, 52 \
at the reduced rations we will start if the weather turns. Fuel: adequate. Spirits: \
variable, but mostly high. Tonight Sven taught me a Norwegian folk song about a goat that \
falls in love with the moon. It has nineteen verses. I have learned three.
""",
}


def server_token_count(local_llm_url: str, text: str) -> int:
    """How many tokens the server's own tokenizer makes of ``text``."""
    response = requests.post(
        server_root(local_llm_url) + "/extras/tokenize", json={"input": text}, timeout=30
    )
    response.raise_for_status()
    return len(response.json()["tokens"])


def test_passages_are_the_documented_lengths() -> None:
    lengths = {name: len(text.split()) for name, text in PASSAGES.items()}
    assert len(lengths) == 12
    assert all(100 <= words <= 800 for words in lengths.values()), lengths


def test_the_server_counts_no_start_token(local_llm_url: str) -> None:
    assert server_token_count(local_llm_url, "") == 0
    assert server_token_count(local_llm_url, "Hello") == 1


@pytest.mark.parametrize("name", list(PASSAGES))
def test_estimate_is_within_ten_percent_of_the_tokenizer(local_llm_url: str, name: str) -> None:
    text = PASSAGES[name]
    estimate, counted = estimate_tokens(text), server_token_count(local_llm_url, text)
    error = (estimate - counted) / counted
    print(
        f"{name}: {len(text.split())} words, estimate {estimate}, server {counted}, "
        f"error {error:+.1%}"
    )
    assert abs(error) <= TOLERANCE, f"{name}: estimate {estimate}, server {counted} ({error:+.1%})"
