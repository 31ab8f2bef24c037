"""Hand-written cues for what general sentiment tools miss in customer mentions.

Patterns are matched against lower-cased text (much faster than ``re.I``). Every pattern here was written by a person from the meaning of the words (waiting, failures, "never
again", sarcasm, negated problems, requests), not extracted from any data set by a program. Sentiment
and intent both read them, so a calm "my order still hasn't arrived" is negative *and* a complaint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from mentionwatch.analysis._wordindex import WordIndex
from mentionwatch.models import new_frozen

_NUM = r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|several|many|few|couple(?: of)?|multiple|over|almost|nearly|about|like)"
_SPAN = r"(?:\+\s*)?(?:mins?|minutes?|hrs?|hours?|days?|weeks?|wks?|months?)"
_AUX_NEG = r"(?:hasn'?t|haven'?t|have not|has not|isn'?t|is not|aren'?t|are not|wasn'?t|was not|weren'?t|didn'?t|did not|doesn'?t|does not|don'?t|do not|can'?t|cannot|can not|won'?t|will not|not|no|never|nothing|unable)"

#: Waiting and delay: the customer is still waiting for something the business owes them.
WAITING = re.compile(
    r"\bstill (?:waiting|wait|no\b|not\b|nothing|stuck|on hold|sitting|here|broken|down|missing|"
    + _AUX_NEG
    + r")"
    r"|\b(?:been|keep|kept|keeps) (?:waiting|holding|on hold|stuck)"
    r"|\b(?:waiting|waited|wait(?:ed)? time|on hold|holding|stuck|sitting|sat|delayed|late|hold time|going on)\b[^.!?]{0,40}?\b"
    + _NUM
    + r"\s*"
    + _SPAN
    + r"|\b"
    + _NUM
    + r"\s*"
    + _SPAN
    + r"\s+(?:later|late|delay(?:ed)?|wait(?:ing)?|on hold|and (?:still|counting|nothing|no)|now)\b"
    r"|\b(?:no|zero|without any|never got an?|never received an?|not even an?|haven'?t (?:had|got|received|heard)(?: an?| any)?) ?"
    r"(?:reply|replies|response|responses|answer|call ?back|update|word|follow[- ]?up|acknowledge?ment|email back|help|assistance|one (?:answers|picks up|to help|at the desk|called back)|sign of)\b"
    r"|\byet to (?:receive|hear|get|be|see|arrive|reply|respond)"
    r"|\b(?:hasn'?t|haven'?t|has not|have not|never|not|didn'?t|did not|still not) (?:yet )?(?:arrived|arrive|received|receive|come|came|shown up|showed up|shipped|been (?:delivered|shipped|fixed|resolved|refunded|processed|credited|contacted)|heard back|heard anything|got (?:it|my)|gotten|delivered|responded|replied|called back|been contacted)\b"
    r"|\bwhere(?:'s| is| are) (?:my|our|the) (?:order|package|parcel|bag|bags|luggage|refund|delivery|food|money|item|stuff|replacement|flight|driver)"
    r"|\b(?:delay(?:ed|s)?|late (?:flight|again|arrival|delivery)|running late|overbooked|stranded|missed (?:my|our|the)? ?(?:connection|connecting|flight)|misconnect)\b"
    r"|\b(?:waiting|waited) (?:for|on) (?:ages|hours|days|weeks|forever|a (?:reply|response|refund|call))"
    r"|\btaking (?:forever|ages|so long|too long)|\btakes? (?:forever|ages)|\bhow (?:much )?long (?:does it|do i|will it|until|before)\b"
    r"|\bwhen (?:will|should|can|do|does) (?:i|we) (?:expect|get|receive|hear|see)\b|\bwhen (?:will|is|are) (?:it|my|our|the|this|that|you|they|service|power)\b[^?.!]{0,40}\b(?:back|fixed|restored|resolved|sorted|arrive|delivered|refunded|working|ready|replaced|answered)"
    r"|\bany (?:updates?|news|progress|word)\b(?! on (?:the|your) (?:new|next))|\b(?:been|keep|kept) trying\b|\bstill (?:here|sat|sitting|stuck|at the (?:airport|gate|station|desk|counter)|on (?:the )?(?:tarmac|plane|train|runway|phone|line|hold))\b"
    r"|\bfor (?:over |almost |nearly |about |more than |another )?(?:\d+|an?|two|three|four|five|six|several|many) ?(?:\+ )?(?:hours?|hrs?|days?|weeks?|months?)\b"
    r"|\bfor (?:hours|days|weeks|months|ages)\b|\b(?:hours|days|weeks|months) (?:late|overdue|behind|delayed|and (?:still|nothing|no))\b"
    r"|\b(?:hasn'?t|has not|haven'?t|have not) (?:been )?(?:updated|changed|credited|posted|processed|applied|fixed|resolved|answered|returned)\b|\bstill trying to\b|\bi (?:still )?await\b"
    r"|\bnever (?:got|get|received|receive|heard back|heard from)\b|\bkeeps? getting (?:later|delayed|pushed|bumped|moved)"
    r"|\b(?:told|heard|hear|said|says) nothing\b|\bnothing (?:happened|was available|has happened|changed)|\bnone to be found|\b(?:no ?one|nobody) (?:is |was |has |had )?(?:there|around|available|helping|help(?:ed)?|answer(?:s|ed|ing)?|respond(?:s|ed|ing)?|called|came|showed|told|knows|cares|here)\b"
    r"|\b(?:(?:are|is) (?:you|you guys|y'?all|anyone|anybody|someone|somebody) ever (?:actually )?going to|will (?:you|anyone|anybody|someone) ever) "
    r"(?:answer|reply|respond|call (?:me |us )?back|get back|pick up|fix|refund|deliver|ship|send|sort)"
    r"|\bon hold since|\bgot nowhere|\bgetting nowhere|\b(?:gone|go|went) quiet|\b(?:not|n'?t|never) (?:had|got|gotten|getting|received|receiving|see|seen|seeing) (?:a |any )?(?:response|responses|reply|replies|answer|call ?back)"
    r"|\bstill (?:happening|the case|an issue|a problem|not)\b|\bwhen (?:will|is|are) [^?.!]{0,40}\b(?:be )?(?:back|fixed|restored|resolved|working|sorted)\b"
    r"|(?:^|[.!?] )(?:and )?(?:still )?nothing[.!?]*$|\bhung up on|\b(?:runaround|run around|run-around|passed around|transferred \w+ times)",
)

#: Failures: something the customer paid for or relies on went wrong.
FAILURE = re.compile(
    r"(?<!\w)#\w*(?:fail|sucks|suck|worst|fail\w*|disappointed|nothappy|notimpressed|angry|furious|frustrated|shame\w*|ripoff|scam|joke|unacceptable|badservice|customerservice\w*|tiredof\w*|sick of\w*|lesscustomer|late|delay\w*|nothanks|ugh)\b"
    r"|\b(?:refund(?:ed|s)?\b|cancell?(?:ed|ing|ation)\b|broke\b|broken\b|lost (?:my|our|the|luggage|bag|bags|package)|"
    r"losing (?:my|our|the)|missing (?:item|items|bag|bags|luggage|parts?|order|package|money)|damaged|defective|faulty|"
    r"wrong (?:order|item|size|colou?r|address|product|charge|amount|food|one|bag|information|info|flight|number)|"
    r"not (?:working|work|loading|load|responding|connecting|opening|updating|helpful|happy|impressed|acceptable|good enough|ok)|"
    r"(?:don'?t|do not) (?:work|turn on|switch on|charge|load|start|connect|open|sync|arrive)\b|"
    r"(?:hasn'?t|has not|haven'?t|have not) (?:worked|helped|arrived|fixed|solved|been fixed|been solved)\b|"
    r"(?:doesn'?t|does not|didn'?t|did not|won'?t|will not|wouldn'?t|can'?t|cannot|couldn'?t|isn'?t|is not|aren'?t|are not) "
    r"(?:work|works|load|open|start|connect|charge|sync|update|turn on|let me|allow|accept|recogni[sz]e|show|play|fit|respond|working|print|scan|send|receive|download|install|boot|pair|stream|log ?in|sign ?in|register|activate|verify|save|upload|power on|switch on|turn off|close|go through|come through|arrive|deliver|help(?! it| myself| but| smiling| laughing)|fix|refund|reply|answer)\b|"
    r"stopped (?:working|responding|charging)|keeps? (?:crashing|freezing|dropping|failing|disconnecting|logging me out|asking|saying|telling)|"
    r"(?:crash|crashes|crashed|crashing|error|errors|glitch|glitches|glitchy|bug|bugs|buggy|outage|outages|"
    r"overcharged|over-charged|double[- ]charged|charged (?:twice|me twice|two times|double|again|extra|for)|declined|fraud|scam|ripped off|rip off|rip-off|"
    r"failed|fails|failing|failure|malfunction\w*|locked out|hacked|disconnected|unreliable|unusable|useless|"
    r"cold food|food (?:was|is) cold|stale|undercooked|raw inside|food poisoning|unprofessional|incompetent|"
    r"fail|shambles|joke of a)|"
    r"(?:internet|wifi|wi-fi|service|signal|connection|network|power|app|site|website|server|servers|system|tv|phone|line) "
    r"(?:is |has been |was |keeps going |went |goes )?(?:down|out|off|dead|slow|gone)\b|"
    r"no (?:signal|service|internet|wifi|wi-fi|power|connection|network|electricity|water|heat|heating|hot water|seats?|food|drinks|"
    r"confirmation|light|lights|sound|picture|display|audio|video|tracking|download|upload|dial tone|reception)\b|"
    r"(?:are|is|has|have|were|was) (?:all )?(?:gone|vanished|disappeared)\b|incorrect|inaccurate|keeps? on \w+ing|"
    r"(?:ran|run|running|sold) out\b|out of stock|(?:been|being|was|were|am|are|get|got) ignored|ignoring (?:me|us|my|our)|"
    r"(?:had|have had|'ve had|have|having) to (?:call|ring|email|chat|contact|go back|return|pay|wait|rebook|queue|fix|glue|repair|replace|chase|explain|buy (?:a )?(?:new|another)|reinstall|reset|restart|cancel|complain|ask again)|"
    r"(?:tried|trying|asked|called|emailed|rang|contacted|told you|chased)\b[^.!?]{0,30}\b(?:\d+|two|three|four|five|six|several|multiple|many|countless|numerous) times|"
    r"keeps? (?:getting|being) (?:kicked|cut|disconnected|dropped|told|sent|transferred|put on hold|errors?)|messed up|screwed up|mess(?:ed)? with|"
    r"gave (?:my|our) (?:seat|seats|room|table|order) away|(?:lie|lied|lying|lies) to|not enough (?:staff|people|agents|of them|seats|room|space|info)|"
    r"(?:speak|talk) to a (?:human|real person|person|manager|supervisor)|no option|not a valid|stop (?!serving|seating|doing|taking (?:orders|bookings|reservations|appointments|walk-ins))\w+ing|"
    r"no \w+(?: \w+)? (?:is|are|seems? to be|seem) working|smashed|crushed|torn|ripped|leaking|leaked|expired|what the[.!?]*$|\bwtf\b|what the (?:hell|heck|fuck|f)\b|"
    r"let (?:me|us) down|(?:a bit|really|so|very) let down|piece of (?:\w+ )?(?:crap|junk|shit|garbage|rubbish)|smell(?:s|ed|t)? (?:so |really |very )?(?:bad|awful|terrible|off|funny|weird|disgusting|horrible)|stinks|stank|"
    r"found (?:a|an|some) (?:\w+ ){0,2}in (?:my|the|our)|(?:hair|glass|plastic|bug|fly|insect|mould|mold|nail) in (?:my|the|our|one of)|recall(?:ed|s)?|"
    r"not (?:being )?allowed to|was working (?:last|yesterday|before|fine|until|a (?:week|day|month))|should (?:have|'ve) (?:been|arrived|received|come|got)|should'?ve been|"
    r"(?:won'?t|can'?t|cannot|doesn'?t|does not) get past|"
    r"invalid|disappeared|switched off|stopped (?:running|showing|sending)|lack of|zero (?:interest|help|response|communication)|"
    r"a (?:week|month|year) (?:later|and (?:still|nothing|no|counting|a half))|"
    r"(?:arrived|came|showed up|turned up|got here|got there|was delivered|were delivered)\b[^.!?]{0,30}\b(?:too late|a day late|\w+ (?:days?|hours?) late|"
    r"the (?:next|following) (?:day|morning|afternoon|evening|week))|(?:had|'d) already (?:happened|ended|finished|left|gone|passed|closed|been and gone)|"
    r"by the time (?:it|they|he|she|the \w+|my \w+|our \w+) (?:arrived|came|showed up|turned up|got (?:here|there))|off day|"
    r"(?:was|were|is|are|tasted|tastes|came out|arrived) (?:a bit |a little |slightly |kinda |kind of |quite |really |so |too |very |super |pretty |completely |totally )?"
    r"(?:dry|soggy|burnt|burned|bland|lukewarm|overcooked|tasteless|greasy|watery|mushy|rubbery|flavou?rless)\b|"
    r"(?:frozen|raw|doughy|cold) (?:in the middle|inside|in the cent(?:re|er))|i (?:paid|ordered|bought|booked)\b[^.!?]{0,60}\b(?:but|yet|still|now|never|no|not)\b)",
)

#: Weaker signs of trouble: inability, repeated attempts, broken promises ("can't log in", "tried 3 times").
TROUBLE = re.compile(
    r"\b(?:"
    r"(?:for|in) the (?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time|"
    r"(?:can'?t|cannot|can not|couldn'?t|could not|unable to|not able to|impossible to|no way to)(?! wait| thank| recommend| complain| fault| ask| be happier| believe how| get enough| stop| have| be more| help (?:it|myself|but)| resist| get over| imagine)|"
    r"won'?t let|doesn'?t let|no luck|nothing works|(?:same|this) (?:issue|problem|error) (?:again|still|persists)|still the same|still (?:having|getting|seeing|experiencing)|"
    r"supposed to (?:be|arrive|get|have|come|land|leave|depart)|promised|(?:was|were) told|mistreated|overpriced"
    r")",
)

#: Complaint talk: demanding reasons or fixes ("why is my…", "fix this", "every time").
COMPLAINT_TALK = re.compile(
    r"\b(?:(?:what|why) (?:is|are|was|does|do|did|the hell|happened)\b[^?]{0,50}\b(?:wrong|broken|down|not|never|no|late|delayed|always|again)\b|"
    r"why (?:is|are|does|do|did|can'?t|won'?t|isn'?t|aren'?t|doesn'?t|don'?t|didn'?t|would|would you|have|has|haven'?t|hasn'?t|the|my|your|you|was|were|wasn'?t|must|should|am i|do you|did you)\b|"
    r"(?:fix|sort out|sort) (?:this|it|your|my)|please (?:fix|help|respond|reply|sort|resolve|refund|explain|stop)|"
    r"(?:any|no) (?:help|idea|update)s? (?:please|\?)|(?:again|every time|each time|every single time)[.!?]*$|"
    r"(?:charged|billed|paid) (?:me )?(?:for|but)|rude|unprofessional|complain(?:t|ts|ed|ing)?|unacceptable|ridiculous|pathetic|"
    r"disgrace(?:ful)?|shocking|appalling|(?:terrible|horrible|awful|worst)(?! (?:week|day|month|year)\b)|poor service|bad service|sucks|suck|frustrat\w*|annoy\w*|"
    r"disappoint(?:ed|ing|ment)|not happy|unhappy|fed up|sick of|tired of|had enough|issues?|problems?|"
    r"what gives|what'?s the point|what'?s (?:going on|up|happening)[?!. ]*$|(?:rubbish|crap|crappy|garbage|trash|shit|shitty|lousy|poor|bad|terrible|awful|horrible) (?:\w+ )?(?:service|product|quality|experience|support)|getting on my nerves|how is it that|how come|(?:how'?s|how is|is) that fair|fix the|(?:bump(?:ed)?|put|push(?:ed)?) (?:the |your )?prices? up|raised? (?:the |your )?prices|price (?:hike|increase)|"
    r"what'?s (?:going on|up|happening|wrong) with|how (?:does|did|could|can) (?:this|that) (?:happen|be)|"
    r"is (?:this|that) (?:normal|acceptable|a joke|how you)|are you (?:aware|serious|kidding)|(?:a|an absolute|such a|what a) joke|"
    r"^why\b|(?<=[.!?] )why\b|take action|look into (?:this|it)|please assist|pls assist|do something|boo\b|awaiting|no (?:re\w*onse|reply)|explain (?:why|how|this))",
)

#: The customer is leaving, or warns others off.
NEVER_AGAIN = re.compile(
    r"\bnever (?:again|ever again|using|flying|fly|buying|buy|ordering|order|shopping|shop|going back|coming back|"
    r"recommend|returning|eating|staying|booking|book|dealing)\b"
    r"|\b(?:last time (?:i|we) (?:use|fly|order|buy|shop|book|eat|stay|come|go)|won'?t be (?:back|using|flying|ordering|buying|returning|coming|recommending)|"
    r"(?:switching|switched|moving|going) (?:over )?to (?:a )?(?:another|different|competitor|\w+ instead)|"
    r"cancel(?:l)?(?:ing|ed) my (?:account|subscription|membership|order|contract|service|card|plan)|lost (?:a|my|our) (?:customer|business)|"
    r"done(?<!well done) with (?:you|your|this)|avoid (?:this|these|it|them|at all costs|like the plague)|stay away|do ?n[o']t (?:fly|buy|order|shop|eat|book|bother)|"
    r"boycott)\b|(?<!\w)#(?:neveragain|boycott\w*|never\w+)",
)

_SARC_POS = r"(?:thanks?|thank you|thx|ty|great|nice|awesome|wonderful|fantastic|brilliant|lovely|perfect|amazing|excellent|good|well done|love|loving|appreciate)"
_SARC_NEG_EVENT = (
    r"(?:nothing|losing|lost|ruining|ruined|breaking|broke|cancell?ing|cancell?ed|delaying|delayed|wasting|wasted|leaving|left|"
    r"charging|charged|ignoring|ignored|making (?:me|us) wait|keeping (?:me|us) waiting|the delay|the wait|hanging up|hung up|"
    r"stranding|stranded|overbooking|misplacing|damaging|damaged|destroying|screwing|messing|forgetting|never|not\b|no\b)"
)

#: Positive words used to mean the opposite: "thanks for nothing", "great job losing my bag".
SARCASM = re.compile(
    r"\b(?:thanks?|thank you|thx|cheers) (?:a lot |so much |again |very much )?(?:for|4) (?:nothing|absolutely nothing|zero|(?:the |another |yet another |an? )?(?:\d+ \w+ )?(?:delay|wait|waiting|runaround|lack|hold|cancell?ation|headache|trouble|inconvenience|disappointment|lies|false|broken|wrong))\b"
    r"|\b" + _SARC_POS + r" (?:job|work|way|going|of you|for) (?:on |with |of |at )?(?:\w+ ){0,2}?" + _SARC_NEG_EVENT + r"\b"
    r"|\b(?:yeah right|yea right|so(?<!you so)(?<!thanks so)(?<!thx so) much for|just what i needed|just great|just perfect|just brilliant|oh great|oh good|oh joy|what a joke|"
    r"/s$|love (?:how|when|that) (?:you|your|i|my|it|the)\b[^.!?]{0,60}\b"
    + _SARC_NEG_EVENT
    + r")|\b(?:love|loving|enjoy|adore|gotta love) (?:paying|spending|being charged|forking out|shelling out)\b[^.!?]{0,60}\b"
    r"(?:that(?:'s|’s| is| was|s)? (?:still|not)|only (?:to|for)|still|and (?:still|it|they|then))\b"
    r"|\blove (?:that|how|when)\b[^.!?]{0,60}\bstill (?:frozen|raw|cold|broken|closed|missing|waiting|not|no|hasn'?t|isn'?t|doesn'?t|haven'?t|nothing|stuck|down|undercooked|pending)\b"
    r"|(?<!\w)#(?:not|sarcasm|thanksfornothing)\b",
)

#: Praise that reads as irony when the same text reports a problem: "hung up on. Great service!"
IRONIC_PRAISE = re.compile(
    r"\b(?:great|awesome|excellent|fantastic|amazing|wonderful|stellar|top notch|terrific|brilliant|good|nice|lovely|perfect|"
    r"thanks|thank you|thx|well done|way to go|good job|nice job|great job|love it|gotta love|got to love|just love|love that|"
    r"real(?:ly)? helpful|so helpful|very helpful|impressive|outstanding)\b",
)

#: Problems said not to exist: "no problems at all", "never disappoints".
NEGATED_PROBLEM = re.compile(
    r"\b(?:no|zero|without (?:any|a)|never (?:had|have) (?:a|any)) (?:problems?|issues?|complaints?|hassles?|fuss|trouble|hiccups?|hitch|worries|delays?|regrets?)\b"
    r"|\bnothing (?:wrong|bad|to complain)\b|\bnever (?:disappoints?|fails? to|lets? (?:me|us) down|had a bad)\b"
    r"|\b(?:can'?t|cannot|couldn'?t) (?:complain|fault|ask for (?:more|better)|be happier|recommend (?:\w+ )?enough|wait to)\b"
    r"|\b(?:couldn'?t|could not|can'?t|cannot) (?:have )?(?:been|be|made|make) (?:\w+ )?(?:(?:more|any more) (?:helpful|happy|pleased|satisfied|impressed|grateful|thankful|friendly|kind|beautiful|perfect|professional|accommodating|efficient)|better|nicer|happier)\b"
    r"|\b(?:despite|in spite of|although|even though|even with|regardless of)\b[^.!?]{0,40}\b(?:great|amazing|awesome|excellent|fantastic|wonderful|friendly|helpful|professional|thank|thanks|love|appreciate|kudos|enjoy\w*)\b"
    r"|\b(?:delay(?:ed)?|late|cancell?ed|cancell?ation|wait|outage|problem|issue)\b[^.!?]{0,60}\bbut\b[^.!?]{0,60}\b(?:great|amazing|awesome|fantastic|wonderful|helpful|friendly|professional|thank|thanks|love|appreciate|worked out|all good|made it|on time|impressed)\b"
    r"|\ball (?:worked|good)\b|\bworked out\b|\b(?:not a|no) big deal\b|\bno biggie\b|\bmade it\b"
    r"|\bnever (?:get|gets|got|grow|grows) (?:tired|bored|old)\b"
    r"|\bnot (?:disappointed|bad|too bad|half bad)\b|\bwell worth\b|\bworth (?:every|the)\b|\bproblem (?:solved|fixed|sorted)\b"
    r"|\b(?:sorted|fixed|resolved) (?:it|this|my|the issue|the problem|in no time|quickly|right away)\b",
)

#: The customer's own mishap, not the business's: "I accidentally ordered…", "I dropped my phone".
SELF_INFLICTED = re.compile(
    r"\b(?:accidentally|accidently|by mistake|my (?:own )?(?:fault|mistake|bad)|i (?:dropped|lost|broke|forgot|put the wrong|entered the wrong|typed the wrong))\b",
)

#: Gratitude and delight that general lexicons under-weight in short replies.
GRATITUDE = re.compile(
    r"\b(?:thanks|thank you|thank u|thx|ty|cheers|much appreciated|appreciate (?:it|you|the|your)|kudos|shout[- ]?out|props|"
    r"you (?:rock|guys rock|are the best|'re the best|re the best)|love (?:you|you guys|it|this|the|my|your)|made my day|lifesaver|life saver)\b",
)

#: Words that tie a text to a business: its service, staff, products, orders, accounts.
BUSINESS = re.compile(
    r"\b(?:service|customer|customers|order|orders|ordered|delivery|delivered|deliver|shipping|shipped|package|parcel|"
    r"staff|employee|employees|manager|agent|agents|rep|reps|support|helpline|hotline|call cent(?:er|re)|store|shop|branch|"
    r"restaurant|cafe|café|bakery|counter|checkout|app|website|site|online|account|login|password|subscription|membership|"
    r"bill|billing|billed|charge|charged|payment|refund|receipt|warranty|price|prices|product|products|item|items|"
    r"flight|flights|airline|airport|gate|luggage|baggage|bag|bags|seat|seats|booking|booked|reservation|ticket|tickets|"
    r"train|bus|driver|hotel|room|internet|wifi|broadband|network|signal|phone|device|update|software|version|"
    r"company|business|brand)\b",
)

#: The text speaks to someone: "you", "your", "y'all".
ADDRESSED = re.compile(r"\b(?:you|your|you're|youre|u|ur|y'all|yall|you guys)\b")

#: Thanks for putting a problem right: "thank you for sorting my refund so quickly".
RESOLVED = re.compile(
    r"\b(?:thanks?|thank you|thx|ty|appreciate|grateful|kudos|props|shout[- ]?out)\b[^.!?]{0,60}\b(?:fix(?:ed|ing)?|sort(?:ed|ing)|sav(?:ed|ing)|rescu\w+|bail(?:ed|ing) (?:me|us) out|"
    r"resolv(?:ed|ing)|refund(?:ed|ing)?|credit|voucher|compensat\w*|help(?:ed|ing)?|getting (?:me|us)|finding|rebook\w*|"
    r"taking care|took care|accommodat\w*|quick response|prompt response|reply|replying|responding|getting back|"
    r"sorting|making it right|making good|did (?:me|us) right|the right thing|came through|coming through|replac\w*|upgrade|upgrading)\b"
    r"|\b(?:fixed|sorted|resolved|replaced|refunded|did (?:me|us) right|came through|made it right|made good)\b[^.!?]{0,80}\b(?:thanks|thank you|happy|grateful|appreciate|kudos)\b"
    r"|\b(?:amazing|great|awesome|excellent|fantastic|wonderful|brilliant|outstanding|superb) (?:job|work|service|crew|staff|team)\b[^.!?]{0,40}\b(?:thanks|thank you|thx)\b",
)

#: Asking how to do something: "how do I cancel…", "where can I…".
HOW_TO = re.compile(r"(?:^|[.!?] )(?:hi,? |hello,? |hey,? )?(?:how|where|who) (?:do|can|could|should|would|will) (?:i|we)\b")


#: Asking for something: questions and polite requests, whose "please" and "help" are not praise.
REQUEST = re.compile(
    r"^(?:how|what|when|where|which|who|is|are|do|does|did|can|could|will|would|should|any)\b[^.!]*\?"
    r"|\b(?:please|pls|plz|can you|could you|would you|will you|help me|need help|need to know|let me know|dm me|advise)\b",
)

#: Praise of the business itself, whatever the general lexicons make of it: "the best thing i've eaten".
PRAISE = re.compile(
    r"\b(?:the best(?! way to| time to| part is| thing to do| i can| we can| they can| bet)|best (?:\w+ )?(?:ever|in town|around|i'?ve|i have)|"
    r"love (?:this|the|their|your|it|them|how|that)|loved (?:it|the|their|every)|amazing|delicious|incredible|unreal|legend|legends|outstanding|superb|"
    r"fantastic|excellent|wonderful|gorgeous|stunning|so good|really good|insanely good|too good|shout[- ]?out|kudos|props to|"
    r"remembered (?:my|our) (?:name|names|order|usual|birthday)|thank you|thanks|highly recommend|10/10|five stars|5 stars|never disappoints?|"
    r"go-to|my favou?rite|our favou?rite|worth (?:every|the (?:wait|trip|drive|price))|blown away|hit the spot|nailed it)\b"
    r"|>{2,}\s*(?:everything|anything|all|any|every|the rest)|😍|🤌|😋",
)

#: Opening with a request for plain information (hours, stock, bookings): a question unless a failure is stated.
INFO_QUESTION = re.compile(
    r"^(?:hi,? |hey,? |hello,? |quick question,? )?(?:what time|what are (?:your|the|their) (?:hours|opening|prices)|"
    r"when (?:do|does|is|are|will) (?:you|they|\w+)(?: \w+){0,4} (?:open|close|stop|start|serve|serving|reopen|back)|"
    r"(?:is|are) (?:\w+ ){1,5}open\b|(?:do|does) (?:you|they|\w+(?: \w+){0,4}) (?:still )?(?:have|do|sell|make|take|offer|stock|carry|accept|serve|open|fix|repair|service)\b|"
    r"(?:can|could|may) (?:i|we) (?:book|reserve|bring|order|pay|park|come|get an? appointment|make an? appointment)\b|is there (?:parking|wifi|a (?:waitlist|menu|dress code)))",
)

#: The author's own life event, where the business is at most the setting: "got laid off this morning".
LIFE_EVENT = re.compile(
    r"\b(?:laid off|got fired|lost my job|funeral|passed away|got engaged|just engaged|we'?re engaged|i'?m engaged|got married|our wedding|my wedding|honeymoon|"
    r"pregnant|gave birth|new baby|"
    r"passed (?:my|the|our) (?:\w+ )?(?:exam|exams|test|boards|bar|finals|driving test|viva|defen[cs]e)|graduated|"
    r"(?:my|his|her|our) graduation|retire(?:d|ment)|first date|(?:worst|rough|hard|long|bad|terrible|awful|tough) (?:week|day|month|year)|"
    r"(?:best|worst) (?:week|day|month|year) (?:of my life|ever)|(?:my|his|her|our)(?: \w+['’]s)? (?:\d+(?:st|nd|rd|th) )?birthday|"
    r"(?:my|a|started (?:a|my)) new job|got (?:the job|promoted)|my promotion|divorce|broke up|breakup|in (?:the )?hospital|diagnosed|chemo|"
    r"(?:my|had|having|after|before|from) surgery|just moved|moving house|bought (?:a|our|my) (?:first )?(?:house|home|flat))\b",
)

WORD = re.compile(r"[A-Za-z][A-Za-z']*")


@dataclass(frozen=True)
class Cues:
    """Which hand-written cues fire on a text."""

    waiting: bool
    failure: bool
    trouble: bool
    never_again: bool
    sarcasm: bool
    ironic: bool
    negated_problem: bool
    resolved: bool
    self_inflicted: bool
    how_to: bool
    gratitude: bool
    shouting: bool
    complaint_talk: bool
    request: bool
    business: bool
    addressed: bool
    praise: bool = False
    info_question: bool = False
    life_event: bool = False

    @property
    def problem(self) -> bool:
        """Any sign that something went wrong for the customer."""
        return self.waiting or self.failure or self.never_again or self.sarcasm or self.trouble


#: How every all-capitals word of two or more characters starts.
_CAPS_START = re.compile(r"[A-Z][A-Z']")


#: Bytes A-Z and "'" to "A", every other byte to "x": see :func:`shouting`.
_CAPS_BYTES = bytes(65 if 65 <= b <= 90 or b == 39 else 120 for b in range(256))


def shouting(text: str) -> bool:
    """Mostly capital letters over at least three words: "THIS IS UNACCEPTABLE"."""
    # Each match of _CAPS_START is a capital A-Z and a capital or "'", and they do not overlap, so
    # the text's bytes mapped as above (UTF-8 writes other characters with bytes >= 0x80) hold at
    # least as many non-overlapping "AA": fewer than three, counted at C speed, means fewer than
    # three all-capitals words, found without scanning the text with a pattern.
    if text.encode("utf-8", "surrogatepass").translate(_CAPS_BYTES).count(b"AA") < 3:
        return False
    if len(_CAPS_START.findall(text)) < 3:
        return False  # fewer than three all-capitals words
    words = [w for w in WORD.findall(text) if len(w) > 1]
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w.isupper())
    return caps >= 3 and caps / len(words) >= 0.6


_PATTERNS: dict[str, re.Pattern[str]] = {
    "waiting": WAITING,
    "failure": FAILURE,
    "trouble": TROUBLE,
    "never_again": NEVER_AGAIN,
    "sarcasm": SARCASM,
    "ironic_praise": IRONIC_PRAISE,
    "negated_problem": NEGATED_PROBLEM,
    "resolved": RESOLVED,
    "how_to": HOW_TO,
    "self_inflicted": SELF_INFLICTED,
    "gratitude": GRATITUDE,
    "complaint_talk": COMPLAINT_TALK,
    "request": REQUEST,
    "business": BUSINESS,
    "addressed": ADDRESSED,
    "praise": PRAISE,
    "info_question": INFO_QUESTION,
    "life_event": LIFE_EVENT,
}


#: Other modules' patterns run in the same pass (intent's), so that one pass over a text serves both.
_EXTRA: dict[str, re.Pattern[str]] = {}


def add_patterns(patterns: Mapping[str, re.Pattern[str]]) -> None:
    """Have :func:`matching` also report these patterns (matched against lower-cased text)."""
    clash = set(patterns) & set(_PATTERNS)
    if clash:
        raise ValueError(f"pattern names already used by the cues: {sorted(clash)}")
    _EXTRA.update(patterns)
    _index.cache_clear()
    matching.cache_clear()
    found_in.cache_clear()


def patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern :func:`matching` runs: the cues' and any added ones."""
    return {**_PATTERNS, **_EXTRA}


@lru_cache(maxsize=1)
def _index() -> WordIndex:
    return WordIndex({name: pattern.pattern for name, pattern in patterns().items()})


@lru_cache(maxsize=256)
def matching(text: str) -> frozenset[str]:
    """Names of the patterns that match ``text`` (lower-cased), found in one indexed pass."""
    return frozenset(_index().matches(text))


@lru_cache(maxsize=256)
def found_in(text: str) -> frozenset[str]:
    """``matching(text.lower())``, remembered by ``text`` (intent asks again for the text sentiment just read)."""
    return matching(text.lower())


@lru_cache(maxsize=256)
def find_cues(text: str) -> Cues:
    """Run every cue over ``text`` (already normalised: handles and links removed)."""
    found = found_in(text)
    key = (found, shouting(text), "?" in text)  # lower() keeps a "?" as it is
    cues = _CUES.get(key)
    if cues is None:
        if len(_CUES) > 10_000:
            _CUES.clear()
        cues = _CUES[key] = _cues(*key)
    return cues


#: Cues by what they are made of: the same few combinations come up again and again (frozen, so shared).
_CUES: dict[tuple[frozenset[str], bool, bool], Cues] = {}


def _cues(found: frozenset[str], shouts: bool, asks: bool) -> Cues:
    """The Cues for the names of the patterns found, whether the text shouts and whether it holds a "?"."""
    waiting = "waiting" in found
    failure = "failure" in found
    sarcasm = "sarcasm" in found
    business = "business" in found
    return new_frozen(
        Cues,
        {
            "waiting": waiting,
            "failure": failure,
            "trouble": "trouble" in found,
            "never_again": "never_again" in found,
            "sarcasm": sarcasm,
            "ironic": (waiting or failure) and not sarcasm and "ironic_praise" in found,
            "negated_problem": "negated_problem" in found,
            "resolved": "resolved" in found,
            "self_inflicted": "self_inflicted" in found,
            "how_to": "how_to" in found,
            "gratitude": "gratitude" in found,
            "shouting": shouts,
            "complaint_talk": "complaint_talk" in found,
            "request": "request" in found or (asks and business),
            "business": business,
            "addressed": "addressed" in found,
            "praise": "praise" in found,
            "info_question": "info_question" in found,
            "life_event": "life_event" in found,
        }
    )
