# Les mots que `still` adresse à la personne qui médite, en français (vouvoiement).
# Espaces insécables avant : ; ! ? et %. Voir i18n/en/still.ftl.

## L’écran du lecteur

open-sit = assise libre
closing = clôture
settling = installation
waiting = en attente
sitting = assise
listening = écoute
closing-with-bells = clôture avec les cloches
first-bell-in = installation · première cloche dans { $time }
step-of = étape { $n } sur { $total }
count-of = { $n } sur { $total }
round-of = cycle { $n } sur { $total }
note = note : { $note }
kind-say = voix
kind-pause = pause
kind-breathe = respiration
kind-bell = cloche
kind-wait = attente
breathe-in = inspirez
breathe-in-more = et encore un peu
breathe-hold = retenez
breathe-out = expirez
breathe-rest = repos
paused = en pause
volume = volume { $percent } %
ambient-off = ambiance coupée
captions-off = sous-titres coupés
key-go-on = espace continuer
key-resume = espace reprendre
key-pause = espace pause
key-end-now = q terminer maintenant
key-volume = +/− volume
key-ambient = m ambiance
key-close = q clore avec les cloches
key-end = q terminer
key-step = ←/→ étape
key-next = → suivante
key-again = ← à nouveau
key-captions = c sous-titres
starts-in = { $title } commence dans { $time }
q-cancels = (q annule)

## Les lignes simples (lecteurs d’écran, journaux)

plain-open-title = { $title } · q clôt avec les cloches
plain-bell = cloche
plain-waiting = en attente : espace pour continuer
plain-in = inspirez
plain-in-more = inspirez, encore un peu
plain-hold = retenez
plain-out = expirez
plain-rest = repos
plain-going-on = on continue
plain-resumed = reprise
plain-ambient-on = ambiance activée
plain-captions-on = sous-titres activés
plain-closing-bells = clôture avec les cloches ; q à nouveau termine maintenant
plain-suspended = en pause, suspendu
plain-back = de retour, en pause : espace pour reprendre

## La fin d’une séance

end-well-done = { $time } de quiétude. Très bien.
end-stopped = { $time } de pratique, arrêtée avant la fin.
end-in-preparation = Arrêtée pendant la préparation : non enregistrée.
end-too-short = Moins de 10s n’est pas enregistré.
end-not-recorded-chosen = Non enregistrée, comme vous l’avez choisi.
end-not-recorded-journal = Non enregistrée : le journal ne peut pas la recevoir.
end-could-not-record = Elle n’a pas pu être enregistrée :
end-in-journal = Elle est dans votre journal.
notice-complete = { $title } : terminée
mood-before = Comment vous sentez-vous en ce moment, de 0 à 10 ? (Entrée pour passer)
mood-after = Et maintenant, de 0 à 10 ? (Entrée pour passer)
mood-skipped = (c’est l’heure de commencer : la note est passée)

## Étapes franchies

milestone-first-sit = Votre première séance est dans le journal. Bienvenue.
milestone-streak =
    { $n ->
        [one] { $n } jour d’affilée. Très bien.
       *[other] { $n } jours d’affilée. Très bien.
    }
milestone-days =
    { $n ->
        [one] { $n } jour de pratique dans votre journal. Très bien.
       *[other] { $n } jours de pratique dans votre journal. Très bien.
    }
milestone-sits =
    { $n ->
        [one] { $n } séance dans votre journal. Très bien.
       *[other] { $n } séances dans votre journal. Très bien.
    }
label-first-sit = première séance
label-streak =
    { $n ->
        [one] { $n } jour d’affilée
       *[other] { $n } jours d’affilée
    }
label-days =
    { $n ->
        [one] { $n } jour pratiqué
       *[other] { $n } jours pratiqués
    }
label-sits =
    { $n ->
        [one] { $n } séance
       *[other] { $n } séances
    }

## still stats

stats-heading = Votre pratique au { $date }
stats-nothing-until = Rien dans votre journal jusque-là : votre première séance date du { $date }.
stats-nothing = Rien dans votre journal pour l’instant. `still play SÉANCE` enregistre une séance ; `still log add` ajoute une pratique faite ailleurs.
stats-current-streak = série en cours
stats-longest-streak = plus longue série
stats-sits = séances
stats-minutes = minutes
stats-days-practised = jours pratiqués
stats-this-week = cette semaine
stats-mood = humeur
stats-milestones = étapes franchies
stats-today-included = (aujourd’hui compris)
stats-stopped-early =
    ({ $n ->
        [one] { $n } arrêtée avant la fin
       *[other] { $n } arrêtées avant la fin
    })
stats-since = depuis le { $date }
stats-days =
    { $n ->
        [one] { $n } jour
       *[other] { $n } jours
    }
stats-days-of-goal = { $n } jours sur { $goal }
stats-sits-count =
    { $n ->
        [one] { $n } séance
       *[other] { $n } séances
    }
stats-mood-line = { $change } en moyenne après une séance
stats-rated =
    ({ $before } → { $after }, { $n ->
        [one] { $n } séance notée
       *[other] { $n } séances notées
    })

## still calendar

calendar-weekdays = lu ma me je ve sa di
calendar-month = { $month } { $year }
calendar-legend = ·  aucune   { $s1 } moins de 10 min   { $s2 } 10–19   { $s3 } 20–39   { $s4 } 40 ou plus
calendar-short = { $mark }  moins de { $min } min, ne compte pas comme jour pratiqué (min_minutes)
calendar-summary =
    { $days ->
        [one] { $days } jour pratiqué
       *[other] { $days } jours pratiqués
    }, { $minutes } min en tout, depuis le { $date }

## still nudge

nudge-first = Quelques minutes de calme vous attendent quand vous voulez : { $play }
nudge-streak = { $n } jours d’affilée. Quelques minutes de calme aujourd’hui, si vous le souhaitez : { $play }
nudge-again = Une pause de quelques minutes, quand cela vous convient : { $play }

## still today, still course, still play today

today-heading = { $date } : « { $course } », semaine { $week } sur { $weeks } ({ $title })
today-week = Semaine { $week } : { $title }
today-week-of = Semaine { $week } sur { $weeks } : { $title }
today-each-day = Chaque jour : une séance de { $sessions }.
today-or = ou
today-and = et
today-done-mark = faite
today-done = C’est fait pour aujourd’hui : vous avez pratiqué { $sessions }. Très bien.
today-not-done = Pas encore fait : une séance parmi celles-ci compte pour aujourd’hui. `still play today` lance { $next }.
today-nothing = Aucun cours commencé. `still course start resilience-start` commence un cours de quatre semaines avec les séances intégrées ; `still course list` montre tous les cours.
today-not-yet =
    « { $course } » commence le { $date }, { $days ->
        [one] demain
       *[other] dans { $days } jours
    }. D’ici là, rien n’est prévu.
today-ended =
    « { $course } » s’est terminé le { $date } ; vous avez pratiqué { $done } { $done ->
        [one] jour
       *[other] jours
    } sur { $days }.
today-ended-next = `still course stop` le range ; `still course start ID` en commence un autre (`still course list` les montre).
today-again = La séance du jour est faite ; { $session } est lancée à nouveau.
course-status-heading = « { $course } » ({ $id }), commencé le { $date }
course-tally =
    Cette semaine : pratique { $week_done } { $week_done ->
        [one] jour
       *[other] jours
    } sur { $week_so_far }. En tout : { $done } sur { $so_far }.
course-started =
    Cours commencé : « { $course } » ({ $id }), { $weeks ->
        [one] une semaine
       *[other] { $weeks } semaines
    }, à partir du { $date }.
course-replaced = (Il remplace le cours que vous suiviez, « { $old } ».)
course-start-next = Chaque jour, `still today` dit ce qui est prévu et `still play today` le lance.
course-stopped = « { $course } » est arrêté. Votre journal garde chaque séance ; `still course start ID` recommence un cours.
course-nothing-to-stop = Aucun cours n’est suivi : rien à arrêter.
course-list-built-in =
    ({ $weeks ->
        [one] { $weeks } semaine
       *[other] { $weeks } semaines
    }, intégré)
course-list-imported =
    ({ $weeks ->
        [one] { $weeks } semaine
       *[other] { $weeks } semaines
    }, importé)

## Dates

date-long =
    { $weekday } { $day ->
        [1] 1er
       *[other] { $day }
    } { $month } { $year }
date-day =
    { $day ->
        [1] 1er
       *[other] { $day }
    } { $month } { $year }
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
