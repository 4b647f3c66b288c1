// Los 16 mensajes clave (domain.md §6) en español: the same numbers, topics and paragraphs as the
// English source (education.ts), each translated (test/web/i18n.test.ts compares their shapes).
// Prose lives here rather than in the message catalogue: it is read, not assembled. (No imports but types.)
import type { KeyMessage, Topic } from './education.js';

export const TOPICS_ES: ReadonlyArray<readonly [Topic, string]> = [
  ['pregnancy', 'Embarazo y anticoncepción'],
  ['pharmacy', 'Recetas y la farmacia'],
  ['safety', 'Cómo cuidarse usted y cuidar a los demás'],
  ['sideEffects', 'Efectos secundarios'],
  ['dailyUse', 'Cómo tomar sus cápsulas y sus análisis'],
];

export const KEY_MESSAGES_ES: readonly KeyMessage[] = [
  {
    number: 1,
    topic: 'pregnancy',
    title: 'La isotretinoína puede dañar gravemente a un bebé en gestación',
    body: [
      'Puede causar defectos de nacimiento graves, aborto espontáneo, parto prematuro o la muerte del bebé — incluso con una sola cápsula.',
      'Ninguna prueba puede mostrar si un bebé que estuvo expuesto sufrió daño.',
    ],
  },
  {
    number: 2,
    topic: 'pregnancy',
    title: 'Ningún embarazo antes, durante ni hasta un mes después',
    body: [
      'Si usted puede quedar embarazada, no debe estar embarazada al empezar, y no debe quedar embarazada mientras toma isotretinoína ni durante el mes siguiente a su última cápsula.',
    ],
  },
  {
    number: 3,
    topic: 'pregnancy',
    title: 'Dos métodos anticonceptivos, siempre',
    body: [
      'Use dos métodos juntos, y al menos uno de ellos debe ser un método principal (como el implante, el DIU, la píldora combinada, el parche, el anillo, la inyección o la esterilización). Empiece un mes antes de su primera cápsula y continúe hasta un mes después de la última.',
      'Si en lugar de eso decide no tener relaciones sexuales, es un compromiso para todo ese tiempo — y aun así se hace todas las pruebas de embarazo.',
    ],
  },
  {
    number: 4,
    topic: 'pregnancy',
    title: 'Si la anticoncepción pudo haber fallado, deténgase y llame',
    body: [
      'Todos los métodos pueden fallar, y la mayoría de las fallas ocurren cuando un método no se usa todas las veces.',
      'Si tuvo relaciones sexuales sin protección, olvidó tomar píldoras o se le atrasó la menstruación: deje de tomar las cápsulas y llame de inmediato a su médico. Pregunte por la anticoncepción de emergencia.',
    ],
  },
  {
    number: 5,
    topic: 'pregnancy',
    title: 'Sus pruebas de embarazo',
    body: [
      'Si usted puede quedar embarazada, se hace pruebas de embarazo antes de empezar, cada mes durante el tratamiento, al final del tratamiento y un mes después de su última cápsula.',
    ],
  },
  {
    number: 6,
    topic: 'pharmacy',
    title: '30 días a la vez, y poco tiempo para recogerlas',
    body: [
      'Cada receta le da como máximo 30 días de cápsulas y no se puede resurtir: cada mes necesita una receta nueva.',
      'Si usted puede quedar embarazada, debe recoger sus cápsulas dentro de 7 días, contando el día de su prueba de embarazo como el día 1. Si se le pasa el plazo, primero necesita una nueva prueba — y con las reglas anteriores del programa, si se pierde así la primera receta, debe esperar al menos 19 días para esa nueva prueba.',
    ],
  },
  {
    number: 7,
    topic: 'pharmacy',
    title: 'Solo en una farmacia del programa',
    body: [
      'Consiga isotretinoína solo en una farmacia de EE. UU. que participe en el programa iPLEDGE. Nunca la compre por internet sin receta, y nunca la acepte de otra persona.',
    ],
  },
  {
    number: 8,
    topic: 'safety',
    title: 'Sus cápsulas son solo para usted',
    body: [
      'Nunca las comparta con nadie, ni siquiera con alguien que tenga el mismo tipo de acné. Guárdelas fuera del alcance de otras personas y devuelva a la farmacia las cápsulas que no use.',
    ],
  },
  {
    number: 9,
    topic: 'safety',
    title: 'No done sangre',
    body: ['No done sangre mientras toma isotretinoína ni durante un mes después de su última cápsula: su sangre podría dársele a una persona embarazada.'],
  },
  {
    number: 10,
    topic: 'safety',
    title: 'Señales de alarma que debe informar de inmediato',
    body: [
      'Avise de inmediato a su médico si se siente triste o irritable, pierde el interés por las cosas que disfruta, oye o ve cosas que no están ahí, o tiene pensamientos de hacerse daño. Si tiene pensamientos de hacerse daño, llame o envíe un mensaje de texto al 988 en cualquier momento (hay atención en español).',
      'Informe también enseguida: dolor de cabeza fuerte, cambios en la vista, dolor de estómago fuerte, sangrado por el recto, piel u ojos amarillos, o un sarpullido con ampollas. Puede anotar sus síntomas en la página Síntomas.',
    ],
  },
  {
    number: 11,
    topic: 'safety',
    title: 'Otros medicamentos y suplementos',
    body: [
      'No tome suplementos de vitamina A ni antibióticos del grupo de las tetraciclinas (como la doxiciclina o la minociclina) mientras toma isotretinoína.',
      'Diga a todos sus médicos, dentistas y farmacéuticos que toma isotretinoína. La hierba de San Juan (un remedio herbal) puede hacer que los anticonceptivos hormonales no funcionen.',
    ],
  },
  {
    number: 12,
    topic: 'sideEffects',
    title: 'Resequedad, visión nocturna y el sol',
    body: [
      'Es normal tener los labios, la piel, los ojos y la nariz resecos. Use crema humectante y bálsamo labial con frecuencia.',
      'Puede costarle más ver en la oscuridad: tenga cuidado al manejar de noche. Los lentes de contacto pueden resultar incómodos. Evite el sol fuerte y use protector solar.',
    ],
  },
  {
    number: 13,
    topic: 'sideEffects',
    title: 'El acné puede empeorar antes de mejorar',
    body: ['Es común un brote en las primeras semanas. Un tratamiento completo suele durar de 4 a 6 meses.'],
  },
  {
    number: 16,
    topic: 'sideEffects',
    title: 'Nada de depilación con cera ni tratamientos con láser',
    body: [
      'Evite la depilación con cera, la dermoabrasión y los tratamientos de la piel con láser mientras toma isotretinoína y durante 6 meses después: su piel puede quedar con cicatrices.',
    ],
  },
  {
    number: 14,
    topic: 'dailyUse',
    title: 'Cómo tomar sus cápsulas',
    body: [
      'Tome las cápsulas de isotretinoína genérica con una comida. Absorica y Absorica LD se pueden tomar con o sin alimentos.',
      'Trague cada cápsula entera con un vaso lleno de agua. Si olvida una dosis, sáltesela — nunca tome dos para compensarla.',
    ],
  },
  {
    number: 15,
    topic: 'dailyUse',
    title: 'Análisis de sangre',
    body: [
      'Necesitará análisis de sangre de las grasas en la sangre y del hígado. Antes de un análisis de grasas en la sangre, no coma ni tome alcohol durante 36 horas (puede tomar agua).',
    ],
  },
];
