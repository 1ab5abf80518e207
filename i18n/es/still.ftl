# Las palabras que `still` dice a quien practica, en español (de tú). Ver i18n/en/still.ftl.

## La pantalla del reproductor

open-sit = práctica abierta
closing = cierre
settling = preparación
waiting = esperando
sitting = en práctica
listening = escuchando
closing-with-bells = cierre con las campanas
first-bell-in = preparación · la primera campana en { $time }
step-of = paso { $n } de { $total }
count-of = { $n } de { $total }
round-of = ronda { $n } de { $total }
note = nota: { $note }
kind-say = voz
kind-pause = pausa
kind-breathe = respiración
kind-bell = campana
kind-wait = espera
breathe-in = inhala
breathe-in-more = y un poco más de aire
breathe-hold = sostén
breathe-out = exhala
breathe-rest = descansa
paused = en pausa
volume = volumen { $percent } %
ambient-off = ambiente apagado
captions-off = subtítulos apagados
key-go-on = espacio seguir
key-resume = espacio reanudar
key-pause = espacio pausa
key-end-now = q terminar ya
key-volume = +/− volumen
key-ambient = m ambiente
key-close = q cerrar con las campanas
key-end = q terminar
key-step = ←/→ paso
key-next = → siguiente
key-again = ← repetir
key-captions = c subtítulos
starts-in = { $title } empieza en { $time }
q-cancels = (q cancela)

## Las líneas sencillas (lectores de pantalla, registros)

plain-open-title = { $title } · q cierra con las campanas
plain-bell = campana
plain-waiting = esperando: espacio para seguir
plain-in = inhala
plain-in-more = inhala, un poco más
plain-hold = sostén
plain-out = exhala
plain-rest = descansa
plain-going-on = seguimos
plain-resumed = reanudado
plain-ambient-on = ambiente encendido
plain-captions-on = subtítulos encendidos
plain-closing-bells = cierre con las campanas; q otra vez termina ya
plain-suspended = en pausa, suspendido
plain-back = de vuelta, en pausa: espacio para reanudar

## El final de una práctica

end-well-done = { $time } de quietud. Bien hecho.
end-stopped = { $time } de práctica, detenida antes del final.
end-in-preparation = Detenida durante la preparación: no se registra.
end-too-short = Menos de 10s no se registra.
end-not-recorded-chosen = No se registra, como elegiste.
end-not-recorded-journal = No se registra: el diario no puede guardarla.
end-could-not-record = No se pudo registrar:
end-in-journal = Está en tu diario.
notice-complete = { $title }: completada
mood-before = ¿Cómo te sientes ahora mismo, de 0 a 10? (Intro para saltar)
mood-after = ¿Y ahora, de 0 a 10? (Intro para saltar)
mood-skipped = (es la hora de empezar: se salta la valoración)

## Hitos

milestone-first-sit = Tu primera práctica está en el diario. Te damos la bienvenida.
milestone-streak =
    { $n ->
        [one] { $n } día seguido. Muy bien.
       *[other] { $n } días seguidos. Muy bien.
    }
milestone-days =
    { $n ->
        [one] { $n } día de práctica en tu diario. Muy bien.
       *[other] { $n } días de práctica en tu diario. Muy bien.
    }
milestone-sits =
    { $n ->
        [one] { $n } práctica en tu diario. Muy bien.
       *[other] { $n } prácticas en tu diario. Muy bien.
    }
label-first-sit = primera práctica
label-streak =
    { $n ->
        [one] { $n } día seguido
       *[other] { $n } días seguidos
    }
label-days =
    { $n ->
        [one] { $n } día practicado
       *[other] { $n } días practicados
    }
label-sits =
    { $n ->
        [one] { $n } práctica
       *[other] { $n } prácticas
    }

## still stats

stats-heading = Tu práctica hasta el { $date }
stats-nothing-until = Nada en tu diario hasta entonces: tu primera práctica es del { $date }.
stats-nothing = Aún no hay nada en tu diario. `still play SESIÓN` registra una práctica; `still log add` añade la que hiciste en otro lugar.
stats-current-streak = racha actual
stats-longest-streak = racha más larga
stats-sits = prácticas
stats-minutes = minutos
stats-days-practised = días practicados
stats-this-week = esta semana
stats-mood = ánimo
stats-milestones = hitos
stats-today-included = (hoy incluido)
stats-stopped-early =
    ({ $n ->
        [one] { $n } detenida antes del final
       *[other] { $n } detenidas antes del final
    })
stats-since = desde el { $date }
stats-days =
    { $n ->
        [one] { $n } día
       *[other] { $n } días
    }
stats-days-of-goal = { $n } de { $goal } días
stats-sits-count =
    { $n ->
        [one] { $n } práctica
       *[other] { $n } prácticas
    }
stats-mood-line = { $change } de media después de practicar
stats-rated =
    ({ $before } → { $after }, { $n ->
        [one] { $n } práctica valorada
       *[other] { $n } prácticas valoradas
    })

## still calendar

calendar-weekdays = lu ma mi ju vi sá do
calendar-month = { $month } de { $year }
calendar-legend = ·  nada   { $s1 } menos de 10 min   { $s2 } 10–19   { $s3 } 20–39   { $s4 } 40 o más
calendar-short = { $mark }  menos de { $min } min, no cuenta como día practicado (min_minutes)
calendar-summary =
    { $days ->
        [one] { $days } día practicado
       *[other] { $days } días practicados
    }, { $minutes } min en total, desde el { $date }

## still nudge

nudge-first = Unos minutos de calma te esperan cuando quieras: { $play }
nudge-streak = { $n } días seguidos. Unos minutos de calma hoy, si te apetece: { $play }
nudge-again = Una pausa de unos minutos, cuando te venga bien: { $play }

## still today, still course, still play today

today-heading = { $date }: { $course }, semana { $week } de { $weeks } ({ $title })
today-week = Semana { $week }: { $title }
today-week-of = Semana { $week } de { $weeks }: { $title }
today-each-day = Cada día: una práctica de { $sessions }.
today-or = o
today-and = y
today-done-mark = hecha
today-done = Hecho por hoy: has practicado { $sessions }. Bien hecho.
today-not-done = Aún no: cualquiera de estas prácticas cuenta para hoy. `still play today` empieza con { $next }.
today-nothing = Aún no has empezado ningún curso. `still course start resilience-start` empieza un curso de cuatro semanas con las sesiones incluidas; `still course list` muestra todos los cursos.
today-not-yet =
    { $course } empieza el { $date }, { $days ->
        [one] mañana
       *[other] dentro de { $days } días
    }. Hasta entonces no hay nada asignado.
today-ended =
    { $course } terminó el { $date }; practicaste { $done } de sus { $days ->
        [one] { $days } día
       *[other] { $days } días
    }.
today-ended-next = `still course stop` lo da por cerrado; `still course start ID` empieza otro (`still course list` los muestra).
today-again = La práctica de hoy ya está hecha; vuelves a escuchar { $session }.
course-status-heading = { $course } ({ $id }), empezado el { $date }
course-tally =
    Esta semana: practicaste { $week_done } de { $week_so_far ->
        [one] { $week_so_far } día
       *[other] { $week_so_far } días
    }. En total: { $done } de { $so_far ->
        [one] { $so_far } día
       *[other] { $so_far } días
    }.
course-started =
    Has empezado { $course } ({ $id }): { $weeks ->
        [one] una semana
       *[other] { $weeks } semanas
    }, desde el { $date }.
course-replaced = (Sustituye al curso que seguías, { $old }.)
course-start-next = Cada día, `still today` te dice qué toca y `still play today` lo reproduce.
course-stopped = Has dejado { $course }. Tu diario guarda cada práctica; `still course start ID` empieza un curso de nuevo.
course-nothing-to-stop = No sigues ningún curso: no hay nada que dejar.
course-list-built-in =
    ({ $weeks ->
        [one] { $weeks } semana
       *[other] { $weeks } semanas
    }, incluido)
course-list-imported =
    ({ $weeks ->
        [one] { $weeks } semana
       *[other] { $weeks } semanas
    }, importado)

## Fechas

date-long = { $weekday }, { $day } de { $month } de { $year }
date-day = { $day } de { $month } de { $year }
weekday-1 = lunes
weekday-2 = martes
weekday-3 = miércoles
weekday-4 = jueves
weekday-5 = viernes
weekday-6 = sábado
weekday-7 = domingo
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
