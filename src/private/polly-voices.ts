/**
 * The voice IDs of Amazon Polly (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html;
 * the `Id` values of https://docs.aws.amazon.com/polly/latest/dg/API_Voice.html).
 */
export const POLLY_VOICE_IDS: readonly string[] = [
  'Aditi', 'Adriano', 'Ambre', 'Amy', 'Andres', 'Aria', 'Arlet', 'Arthur', 'Astrid', 'Ayanda', 'Beatrice', 'Bianca',
  'Brian', 'Burcu', 'Camila', 'Carla', 'Carmen', 'Celine', 'Chantal', 'Conchita', 'Cristiano', 'Daniel', 'Danielle',
  'Dora', 'Elin', 'Emma', 'Enrique', 'Ewa', 'Filiz', 'Gabrielle', 'Geraint', 'Giorgio', 'Gregory', 'Gwyneth', 'Hala',
  'Hannah', 'Hans', 'Hiujin', 'Ida', 'Ines', 'Isabelle', 'Ivy', 'Jacek', 'Jan', 'Jasmine', 'Jihye', 'Jitka', 'Joanna',
  'Joey', 'Justin', 'Kajal', 'Karl', 'Kazuha', 'Kendra', 'Kevin', 'Kimberly', 'Laura', 'Lea', 'Liam', 'Lisa', 'Liv',
  'Lotte', 'Lucia', 'Lupe', 'Mads', 'Maja', 'Marlene', 'Mathieu', 'Matthew', 'Maxim', 'Mia', 'Miguel', 'Mizuki', 'Naja',
  'Niamh', 'Nicole', 'Ola', 'Olivia', 'Pedro', 'Penelope', 'Raveena', 'Remi', 'Ricardo', 'Ruben', 'Russell', 'Ruth',
  'Sabrina', 'Salli', 'Seoyeon', 'Sergio', 'Sofie', 'Stephen', 'Suvi', 'Takumi', 'Tatyana', 'Thiago', 'Tomoko', 'Vicki',
  'Vitoria', 'Zayd', 'Zeina', 'Zhiyu',
];

/**
 * The engines a SIP media application's Speak and SpeakAndGetDigits accept
 * (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html: `Engine`, standard or neural).
 */
export const SPEAK_ENGINES: readonly string[] = ['standard', 'neural'];
