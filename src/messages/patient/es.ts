// Lo que el servidor escribe a la paciente, en español (neutro, de "usted"). Its type makes a key
// missing from en.ts a compile error; test/web/i18n.test.ts checks the placeholders.
import type { PatientMessageId } from './en.js';

export const es: Record<PatientMessageId, string> = {
  'reminder.contraceptionFailure.subject': 'Qué hacer ahora: deje las cápsulas y llame a su médico',
  'reminder.contraceptionFailure.body':
    'Deje de tomar las cápsulas ahora. Llame hoy a su médico. Pregunte por la anticoncepción de emergencia: funciona mejor cuanto antes se tome. Hágase una prueba de embarazo. Su próximo surtido espera hasta que se registre una prueba negativa tomada después del día del aviso; si no le baja la menstruación, repita la prueba. Hágase la prueba el {testOn} o después.',
  'reminder.pickUp.subject': 'Recoja su isotretinoína a más tardar el {lastDay}',
  'reminder.pickUp.body':
    'Su farmacia tiene la autorización para su receta. Recójala a más tardar el {lastDay}; después de ese día no se la pueden entregar y tendría que volver a calificar.',
  'reminder.windowOpen.subject': 'Su receta se puede surtir hasta el {lastDay}',
  'reminder.windowOpen.body':
    'Su plazo para surtir la receta de este mes está abierto hasta el {lastDay}. {left, select, yours {Antes de esa fecha, por favor {tasks}.} clinic {Al consultorio de su médico le falta completar un paso antes de que su farmacia pueda surtirla.} other {Su farmacia ya puede surtirla.}}',
  'reminder.windowClosing.subject': 'Mañana es el último día para surtir su receta',
  'reminder.windowClosing.body': 'Su plazo se cierra el {lastDay}. Todavía falta: {tasks}.',
  'reminder.monthlyTestDue.subject': 'Es hora de la prueba de embarazo de este mes',
  'reminder.monthlyTestDue.body':
    'Sus cápsulas le alcanzan hasta el {supplyEndsOn}. Hágase la prueba de embarazo de este mes y vaya a consulta con su médico para que la próxima receta se pueda surtir a tiempo.',
  'reminder.monthlyTestDueProgram.subject': 'Programe la visita para su próxima receta',
  'reminder.monthlyTestDueProgram.body':
    'Sus cápsulas duran hasta el {supplyEndsOn}. Su próxima receta necesita una prueba de embarazo hecha poco antes: programe su visita con su médico y hágase la prueba cuando él o ella le indique, para que la próxima receta pueda surtirse a tiempo.',
  'reminder.postTreatmentTestPatient.subject': 'Prueba de embarazo un mes después de la última cápsula',
  'reminder.postTreatmentTestPatient.body':
    'Hágase una prueba de embarazo el {due} o después, un mes después de su última cápsula ({lastDose}). Siga usando dos métodos anticonceptivos hasta el {contraceptionUntil}.',
  'reminder.postTreatmentTestPrescriber.subject': 'Prueba de embarazo un mes después de la última cápsula',
  'reminder.postTreatmentTestPrescriber.body': 'La prueba de embarazo posterior al tratamiento corresponde el {due} (última dosis: {lastDose}).',
  'reminder.afterTheCourse.subject': 'Después de su última cápsula',
  'reminder.afterTheCourse.body':
    'No done sangre antes del {bloodFrom}. Evite la depilación con cera, la dermoabrasión y los tratamientos de la piel con láser hasta el {cosmeticFrom}.',
  'reminder.labDue.subject': 'Análisis de sangre a más tardar el {due}',
  'reminder.labDue.body':
    'Su médico necesita un análisis de sangre ({analytes}) a más tardar el {due}. Para las grasas en la sangre, esté en ayunas y no tome alcohol durante las 36 horas anteriores a la toma de la muestra.',
  'reminder.orderStopped.subject': 'Su pedido se detuvo',
  'reminder.orderStopped.body':
    'Su pedido del {placedOn} se detuvo: no se entregó nada y no debe nada por él (la farmacia le devuelve lo que ya haya pagado). {reason, select, ORDER_AUTHORIZATION_REVERSED {La farmacia anuló la autorización el {reversedOn}, antes de entregar el medicamento. Usted vuelve a calificar para una nueva autorización (una nueva prueba de embarazo o consulta, según lo exija el programa, las confirmaciones del mes y una receta nueva) y luego puede pedir de nuevo.} ORDER_AUTHORIZATION_LAPSED {La autorización se podía entregar hasta el {deadline} y no se entregó a tiempo. Usted vuelve a calificar para una nueva autorización (una nueva prueba de embarazo o consulta, según lo exija el programa, las confirmaciones del mes y una receta nueva) y luego puede pedir de nuevo.} other {}}',
  'reminder.orderLate.subject': 'Su pedido está atrasado',
  'reminder.orderLate.body':
    'Su pedido del {placedOn} debía llegar a más tardar el {dueBy}. Si no ha llegado, escriba a la farmacia desde la página del pedido: ellos lo verifican con la empresa de envíos y le devuelven el dinero de lo que nunca llegue.',

  'task.COMPREHENSION_PENDING': 'responda las preguntas de este mes sobre el programa',
  'task.CONTRACEPTION_PENDING': 'confirme los dos métodos anticonceptivos que usa',
  'task.MONTHLY_TEST_PENDING': 'hágase la prueba de embarazo de este mes',
  'task.CONFIRMATION_TEST_PENDING': 'hágase la prueba de embarazo de confirmación',
  'task.COUNSELING_PENDING': 'vaya a la consulta de este mes con su médico',
  'list.tasksOpen': ' y ',
  'list.tasksClosing': '; ',
  'list.analytes': ', ',

  'analyte.triglycerides': 'triglicéridos',
  'analyte.totalCholesterol': 'colesterol',
  'analyte.ldl': 'colesterol LDL',
  'analyte.hdl': 'colesterol HDL',
  'analyte.alt': 'prueba del hígado ALT',
  'analyte.ast': 'prueba del hígado AST',
  'analyte.glucose': 'azúcar en la sangre',
  'analyte.ck': 'enzima muscular CK',

  'supportAnswer.subject': '{pharmacy} respondió a su mensaje',
  'supportAnswer.body': '{pharmacy} respondió a su mensaje sobre su pedido del {placedOn}. Inicie sesión en isocourse y abra Mensajes para leerlo.',
};
