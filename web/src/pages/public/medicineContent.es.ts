// La información pública sobre el medicamento, en español (issue 14, item 5): the same pages,
// addresses, sections, blocks and numbers (FACTS) as the English source (medicineContent.ts), each
// text translated — plain, neutral Latin-American Spanish, "usted"; iPLEDGE and the brand names
// stay as they are. test/web/i18n.test.ts compares the two shapes and checks every text differs.
// (No imports but the English module's types and numbers.)
import { FACTS, type InfoPage, type MedicineContent } from './medicineContent.js';

const D = FACTS;

const PAGES_ES: readonly InfoPage[] = [
  {
    path: '/medicine',
    title: 'Isotretinoína: para qué sirve',
    summary: 'Un medicamento con receta para el acné grave, que se toma en cápsulas durante varios meses, bajo un programa de seguridad estricto.',
    sections: [
      {
        id: 'what-for',
        heading: 'Para qué sirve',
        blocks: [
          {
            kind: 'text',
            text: 'La isotretinoína es un medicamento con receta para el acné grave: el acné que deja cicatrices, el que no ha mejorado con otros tratamientos o el que afecta mucho la vida de una persona. Las guías de dermatología la recomiendan en estos casos.',
          },
          {
            kind: 'text',
            text: `Está aprobada para personas de ${D.minAgeYears} años en adelante. Un profesional que receta y participa en el programa decide si es adecuada para usted.`,
          },
        ],
      },
      {
        id: 'why-careful',
        heading: 'Por qué viene con un programa de seguridad',
        blocks: [
          {
            kind: 'text',
            text: 'La isotretinoína puede dañar gravemente a un bebé en gestación, incluso con una sola cápsula. Por eso, en los Estados Unidos solo se receta y se entrega a través del programa iPLEDGE: quienes recetan, las farmacias y los pacientes se registran, y el programa debe autorizar cada surtido antes.',
          },
          {
            kind: 'text',
            text: 'También puede tener otros efectos secundarios graves; por eso el tratamiento incluye consultas periódicas, análisis de sangre y preguntas sobre su estado de ánimo.',
          },
        ],
      },
      {
        id: 'more',
        heading: 'Más información',
        blocks: [
          {
            kind: 'links',
            links: [
              ['/medicine/how-it-works', 'Cómo actúa y cómo tomarla'],
              ['/medicine/course', 'Cómo es el tratamiento, mes a mes'],
              ['/medicine/side-effects', 'Efectos secundarios y señales de alarma'],
              ['/medicine/pregnancy-prevention', 'El programa de prevención del embarazo (iPLEDGE)'],
              ['/medicine/faq', 'Preguntas frecuentes: cuánto tarda, envíos, por qué se necesita receta'],
            ],
          },
        ],
      },
    ],
  },
  {
    path: '/medicine/how-it-works',
    title: 'Cómo actúa y cómo tomarla',
    summary: 'Una cápsula al día, con una dosis según el peso corporal, hasta llegar a una cantidad total para todo el tratamiento.',
    sections: [
      {
        id: 'what-it-is',
        heading: 'Qué tipo de medicamento es',
        blocks: [
          {
            kind: 'text',
            text: 'La isotretinoína es un retinoide: un medicamento relacionado con la vitamina A. Se toma por boca, en cápsulas, todos los días durante varios meses. Se vende con varios nombres (por ejemplo Absorica, Absorica LD, Claravis, Amnesteem, Myorisan, Zenatane, y como cápsulas de isotretinoína genérica).',
          },
          {
            kind: 'text',
            text: 'Estos productos no son todos intercambiables: Absorica LD es una formulación diferente y su dosis es menor. La farmacia le entrega exactamente el producto y la concentración de su receta; un cambio necesita una receta nueva.',
          },
        ],
      },
      {
        id: 'dose',
        heading: 'La dosis',
        blocks: [
          {
            kind: 'text',
            text: 'La dosis diaria depende de su peso corporal. Muchos profesionales empiezan con una dosis baja las primeras semanas y luego la suben según la tolere. Algunas personas toman una dosis más baja durante más tiempo; quien le receta lo decide con usted.',
          },
          {
            kind: 'text',
            text: 'Lo que importa a lo largo del tratamiento es la cantidad total tomada. Con frecuencia se busca un total de unos 120 a 150 mg por cada kilogramo de peso corporal, aunque la evidencia a favor de una meta exacta es limitada. Quien le receta lleva la cuenta y decide cuándo puede terminar el tratamiento.',
          },
        ],
      },
      { id: 'taking', heading: 'Cómo tomar sus cápsulas', blocks: [{ kind: 'keyMessages', numbers: [14] }] },
      { id: 'flare', heading: 'Qué esperar', blocks: [{ kind: 'keyMessages', numbers: [13] }] },
    ],
  },
  {
    path: '/medicine/course',
    title: 'Cómo es el tratamiento',
    summary: 'Antes de empezar, cada mes y después de la última cápsula.',
    sections: [
      {
        id: 'before',
        heading: 'Antes de empezar',
        blocks: [
          {
            kind: 'list',
            items: [
              'Una consulta con un profesional que receta y participa en el programa iPLEDGE. Le explica los riesgos y decide si usted puede quedar embarazada según las reglas del programa.',
              'Usted se registra en el programa y firma los formularios de consentimiento (si es menor de 18 años, también firma su padre, madre o tutor).',
              'Análisis de sangre de las grasas en la sangre (lípidos) y del hígado.',
              `Si usted puede quedar embarazada: dos pruebas de embarazo negativas en una clínica o laboratorio, con al menos ${D.screenToConfirmMinDays} días de diferencia, y dos métodos anticonceptivos iniciados al menos un mes (${D.contraceptionMinDaysBefore} días) antes de la primera cápsula.`,
            ],
          },
        ],
      },
      {
        id: 'monthly',
        heading: 'Cada mes',
        blocks: [
          {
            kind: 'list',
            items: [
              'Una consulta (en persona o por video) con quien le receta, que le pregunta por los efectos secundarios y su estado de ánimo.',
              'Si usted puede quedar embarazada: una prueba de embarazo, confirmar sus dos métodos anticonceptivos y responder las preguntas del programa.',
              `Una receta nueva, por un máximo de ${D.maxDaysSupply} días de cápsulas y sin resurtidos.`,
              'La farmacia obtiene la autorización del programa antes de cada surtido y le entrega la Guía del Medicamento (Medication Guide) junto con las cápsulas.',
            ],
          },
          {
            kind: 'text',
            text: `Si usted puede quedar embarazada, debe recoger las cápsulas (o la farmacia debe enviarlas) en un plazo de ${D.pickupWindowDays} días, contando el día de la prueba de embarazo como el día 1. La farmacia no puede entregarlas después de la fecha que indica el programa.`,
          },
        ],
      },
      {
        id: 'blood-tests',
        heading: 'Análisis de sangre',
        blocks: [
          {
            kind: 'text',
            text: 'Las grasas en la sangre y el hígado se revisan antes de empezar y otra vez, por lo general cuando usted llega a su dosis completa. Se repiten con más frecuencia solo si un resultado sale alto o si usted tiene otros riesgos.',
          },
          {
            kind: 'text',
            text: `Antes de un análisis de grasas en la sangre, no coma ni tome alcohol durante ${D.lipidAlcoholFreeHours} horas (puede tomar agua).`,
          },
        ],
      },
      {
        id: 'length',
        heading: 'Cuánto dura',
        blocks: [
          {
            kind: 'text',
            text: 'Un tratamiento suele durar unas 15 a 20 semanas, es decir, de 4 a 6 meses; con una dosis baja puede durar más. Quien le receta lo termina cuando usted ha tomado una cantidad total suficiente o cuando su piel ha mejorado lo suficiente.',
          },
        ],
      },
      {
        id: 'after',
        heading: 'Después de la última cápsula',
        blocks: [
          {
            kind: 'list',
            items: [
              `Si usted puede quedar embarazada: siga usando sus dos métodos anticonceptivos durante un mes (${D.postTreatmentDays} días) después de la última cápsula, y hágase una prueba de embarazo al terminar el tratamiento y otra un mes después.`,
              `No done sangre durante un mes (${D.postTreatmentDays} días) después de la última cápsula.`,
              'Evite la depilación con cera, la dermoabrasión y los tratamientos de la piel con láser durante 6 meses.',
              `Si el acné vuelve, no se empieza un segundo tratamiento hasta al menos ${D.retreatMinWeeks} semanas después de terminar el primero: la piel puede seguir mejorando después de la última cápsula.`,
              'Devuelva a la farmacia las cápsulas que no usó.',
            ],
          },
        ],
      },
    ],
  },
  {
    path: '/medicine/side-effects',
    title: 'Efectos secundarios y señales de alarma',
    summary:
      'Lo que nota la mayoría de las personas, las señales que requieren llamar a quien le receta o buscar atención de emergencia, y lo que debe evitar.',
    sections: [
      { id: 'urgent', heading: 'Pida ayuda ahora', blocks: [{ kind: 'urgent' }] },
      {
        id: 'common',
        heading: 'Frecuentes y esperables',
        blocks: [
          { kind: 'keyMessages', numbers: [12] },
          { kind: 'text', text: 'También son frecuentes: sangrado por la nariz, cabello más delgado y acné que empeora las primeras semanas.' },
        ],
      },
      {
        id: 'warning-signs',
        heading: 'Deje de tomar las cápsulas y llame de inmediato a quien le receta si tiene',
        blocks: [
          {
            kind: 'list',
            items: [
              'Tristeza, llanto, irritabilidad o enojo, pérdida de interés en las cosas, ver u oír cosas que no existen, o pensamientos de hacerse daño (llame o envíe un mensaje de texto al 988 en cualquier momento).',
              'Un dolor de cabeza fuerte, sobre todo con náuseas, vómitos o visión borrosa o doble.',
              'Dolor de estómago fuerte, que puede pasar hacia la espalda, con náuseas o vómitos: esto requiere atención de emergencia.',
              'Dolor de estómago con sangrado por el recto o diarrea fuerte.',
              'Piel u ojos amarillos, u orina oscura.',
              'Problemas para ver, peor visión en la oscuridad, o dolor de ojos.',
              'Zumbido en los oídos o pérdida de la audición.',
              'Un sarpullido con fiebre, ampollas, llagas en la boca o piel que se pela: esto requiere atención de emergencia.',
              'Ronchas, hinchazón de la cara o la lengua, o dificultad para respirar: esto requiere atención de emergencia.',
            ],
          },
          {
            kind: 'text',
            text: 'Informe también a quien le receta si tiene dolor de espalda o de las articulaciones, debilidad muscular, mucha sed u orina con frecuencia, o si le falta el aire, siente que se va a desmayar o se siente muy débil.',
          },
        ],
      },
      { id: 'avoid', heading: 'Otros medicamentos y suplementos', blocks: [{ kind: 'keyMessages', numbers: [11] }] },
      { id: 'safety', heading: 'Cómo proteger a los demás', blocks: [{ kind: 'keyMessages', numbers: [8, 9, 16] }] },
    ],
  },
  {
    path: '/medicine/pregnancy-prevention',
    title: 'El programa de prevención del embarazo (iPLEDGE)',
    summary: 'Por qué existe el programa, qué debe hacer cada quien y qué pasa cada mes.',
    sections: [
      { id: 'why', heading: 'Por qué', blocks: [{ kind: 'keyMessages', numbers: [1] }] },
      {
        id: 'categories',
        heading: 'Dos grupos de pacientes',
        blocks: [
          {
            kind: 'text',
            text: 'Al inicio, quien le receta anota si usted puede quedar embarazada o no, y por qué. Toda persona con útero y ovarios se considera capaz de quedar embarazada, salvo que una razón médica indique lo contrario: por ejemplo, después de que le extirparon el útero o ambos ovarios, o después de la menopausia. Haberse ligado las trompas no cambia el grupo.',
          },
        ],
      },
      {
        id: 'everyone',
        heading: 'Reglas para todos',
        blocks: [
          {
            kind: 'list',
            items: [
              'Registrarse en el programa y firmar los formularios de consentimiento.',
              `Cada receta da como máximo ${D.maxDaysSupply} días de cápsulas, sin resurtidos: cada mes necesita una receta nueva.`,
              'La farmacia obtiene la autorización del programa antes de cada surtido y le entrega cada vez la Guía del Medicamento (Medication Guide).',
              `Nunca comparta sus cápsulas, y no done sangre durante el tratamiento ni durante un mes (${D.postTreatmentDays} días) después.`,
            ],
          },
          { kind: 'keyMessages', numbers: [7] },
        ],
      },
      {
        id: 'can-get-pregnant',
        heading: 'Si usted puede quedar embarazada',
        blocks: [
          { kind: 'keyMessages', numbers: [2, 3, 5] },
          {
            kind: 'text',
            text: 'Además, cada mes usted responde las preguntas del programa y confirma sus dos métodos anticonceptivos, y quien le receta confirma que le dio la orientación.',
          },
          { kind: 'keyMessages', numbers: [6, 4] },
        ],
      },
      {
        id: 'cannot-get-pregnant',
        heading: 'Si usted no puede quedar embarazada',
        blocks: [
          {
            kind: 'text',
            text: 'No hay pruebas de embarazo ni requisitos de anticoncepción. Usted sigue viendo con regularidad a quien le receta, y cada surtido sigue necesitando una receta nueva y la autorización del programa. Nunca le dé sus cápsulas a nadie: podrían dañar a una persona embarazada.',
          },
        ],
      },
      {
        id: 'if-pregnant',
        heading: 'Si queda embarazada o cree que podría estarlo',
        blocks: [
          {
            kind: 'text',
            text: 'Deje de tomar las cápsulas de inmediato y llame a quien le receta. El embarazo se informa al programa, y quien le receta la envía con un especialista en atención del embarazo.',
          },
        ],
      },
    ],
  },
  {
    path: '/medicine/faq',
    title: 'Preguntas frecuentes',
    summary: 'Cuánto tarda, pedidos y envíos, y por qué siempre se necesita receta.',
    sections: [
      {
        id: 'how-long',
        heading: '¿Cuánto tarda en hacer efecto?',
        blocks: [
          {
            kind: 'text',
            text: 'Toma tiempo, y cambia de una persona a otra. Es común que el acné empeore las primeras semanas antes de empezar a mejorar. Un tratamiento completo suele durar de 4 a 6 meses, y la piel puede seguir mejorando después de la última cápsula. Quien le receta le dirá qué esperar en su caso.',
          },
        ],
      },
      {
        id: 'why-prescription',
        heading: '¿Por qué necesito una receta cada mes?',
        blocks: [
          {
            kind: 'text',
            text: `Por el riesgo para un bebé en gestación y por sus otros efectos secundarios graves, la isotretinoína solo se da a través del programa iPLEDGE. Cada receta cubre como máximo ${D.maxDaysSupply} días y no se puede resurtir, para que quien le receta la vea y revise los efectos secundarios (y, si usted puede quedar embarazada, una prueba de embarazo nueva) antes de las cápsulas de cada mes.`,
          },
          {
            kind: 'text',
            text: 'Nunca compre isotretinoína por internet sin receta ni tome cápsulas de otra persona: las cápsulas que vienen de fuera del programa no tienen estos controles.',
          },
        ],
      },
      {
        id: 'shipping',
        heading: '¿La farmacia puede enviarme las cápsulas? ¿Cuánto tarda el envío?',
        blocks: [
          {
            kind: 'text',
            text: 'Sí, si su farmacia hace envíos. Usted pide su receta actual tal como está escrita. La farmacia primero obtiene la autorización del programa, luego prepara el pedido y lo envía, y debe enviarlo a más tardar en la fecha «no entregar después de» (do not dispense after) que da el programa. Si esa fecha pasa antes, el pedido se detiene y usted tiene que volver a calificar.',
          },
          {
            kind: 'text',
            text: `Una vez enviado, la farmacia promete la entrega en un plazo de ${D.deliveryDays} días dentro de los Estados Unidos (es una promesa de la propia farmacia, no una regla del programa). Usted ve la empresa de transporte y el número de seguimiento en cuanto se envía.`,
          },
          { kind: 'text', text: 'Solo las farmacias de los Estados Unidos que participan en el programa pueden enviar isotretinoína.' },
        ],
      },
      {
        id: 'missed-window',
        heading: '¿Qué pasa si no recojo a tiempo?',
        blocks: [
          {
            kind: 'text',
            text: 'La farmacia no puede entregar ni enviar las cápsulas después de la fecha que da el programa. Quien le receta le dirá qué se necesita para volver a calificar; si usted puede quedar embarazada, por lo menos una prueba de embarazo nueva.',
          },
        ],
      },
      {
        id: 'missed-dose',
        heading: '¿Qué pasa si olvido una dosis?',
        blocks: [{ kind: 'text', text: 'Sáltela y tome la siguiente dosis a la hora de siempre. Nunca tome dos dosis para compensar la que olvidó.' }],
      },
      {
        id: 'blood',
        heading: '¿Puedo donar sangre?',
        blocks: [{ kind: 'keyMessages', numbers: [9] }],
      },
    ],
  },
];

export const MEDICINE_CONTENT_ES: MedicineContent = {
  pages: PAGES_ES,
  urgentHelp: {
    label: 'Ayuda urgente',
    title: 'Si no puede esperar',
    emergency:
      'Ante una emergencia médica (dificultad para respirar, hinchazón de la cara o la lengua, un sarpullido con ampollas o piel que se pela, dolor de estómago fuerte), llame al 911.',
    crisis:
      'Si tiene pensamientos de hacerse daño, llame o envíe un mensaje de texto al 988 (988 Suicide & Crisis Lifeline, la línea de prevención del suicidio y crisis: gratuita, a cualquier hora, también en español). Si está en peligro en este momento, llame al 911.',
  },
  notAdvice:
    'Esta información explica el medicamento y el programa en general. No reemplaza los consejos de quien le receta o de su farmacéutico, ni la Guía del Medicamento (Medication Guide) que viene con cada surtido.',
  reviewedBy: 'el equipo del proyecto isocourse, comparándolo con las reglas del programa y las etiquetas en las que se basa',
  lastReviewedLabel: 'Última revisión:',
  reviewedByLabel: 'por',
  sourcesHeading: 'Fuentes (en inglés)',
  sourceNames: [
    'Guías del Medicamento de la FDA (la de la isotretinoína aparece en cada marca)',
    'Una etiqueta de isotretinoína con su Guía del Medicamento (Claravis, en DailyMed)',
    'El sitio del programa iPLEDGE REMS',
    'FDA: estrategia de evaluación y mitigación de riesgos (REMS) de iPLEDGE',
  ],
};
