import { storyChains } from '../../shared/layout/jumps';
import type { Story } from '../../shared/model/story';
import type { EditionProofing, StoryProofing } from '../../shared/proofing/schema';
import { type Finding, summarise } from '../../shared/proofing/types';
import type { Handlers } from '../rpc/dispatch';
import type { Library } from '../store/library';
import { ProofingService, readDictionary } from './proofing-service';

type ProofingMethod =
  | 'getProofingLists'
  | 'saveProofingList'
  | 'saveProofingSettings'
  | 'addProofingEntry'
  | 'getSpellingDictionary'
  | 'getProofingIgnored'
  | 'setProofingIgnored'
  | 'getStoryProofing'
  | 'getEditionProofing';

/** One proofing service per library folder, made when first asked for. */
export class ProofingServices {
  private service: ProofingService | null = null;

  for(library: Library): ProofingService {
    if (this.service?.root !== library.root) this.service = new ProofingService(library.root);
    return this.service;
  }
}

/** The story's date for 昨天/今天: the edition's when it has one, else the day it was last changed. */
const storyDate = (story: Story): string => story.updatedAt.slice(0, 10);

export async function proofStories(
  service: ProofingService,
  stories: readonly Story[],
  date: (story: Story) => string | null,
): Promise<StoryProofing[]> {
  const out: StoryProofing[] = [];
  for (const story of stories) {
    const { findings, summary } = await service.proofStory(story, date(story));
    out.push({ id: story.id, headline: story.headline, language: story.language, findings, summary });
  }
  return out;
}

/** Proofing of every story placed in an edition, against the edition's date. */
export async function proofEdition(
  service: ProofingService,
  library: Library,
  editionId: string,
): Promise<EditionProofing> {
  const edition = await library.getEdition(editionId);
  const stories = await library.getStories([...storyChains(edition).keys()]);
  const proofed = await proofStories(service, stories, () => edition.date);
  const characters = proofed.reduce((sum, s) => sum + s.summary.characters, 0);
  const findings: Finding[] = proofed.flatMap((s) => s.findings as Finding[]);
  return { editionId: edition.id, date: edition.date, stories: proofed, summary: summarise(findings, characters) };
}

export function proofingHandlers(library: () => Library, services: ProofingServices): Pick<Handlers, ProofingMethod> {
  const service = () => services.for(library());
  return {
    getProofingLists: () => service().houseLists(),
    saveProofingList: ({ list, text }) => service().saveList(list, text),
    saveProofingSettings: (settings) => service().saveSettings(settings),
    addProofingEntry: ({ list, entry }) =>
      list === 'dictionary' || list === 'names'
        ? service().saveListLine(list, entry)
        : service().addHouseEntry(list, entry),
    getSpellingDictionary: ({ variant }) => readDictionary(variant),
    getProofingIgnored: ({ storyId }) => service().ignored(storyId),
    setProofingIgnored: ({ storyId, key, ignored }) => service().setIgnored(storyId, key, ignored),
    getStoryProofing: async ({ id }) => {
      const story = await library().getStory(id);
      const [proofed] = await proofStories(service(), [story], storyDate);
      return proofed!;
    },
    getEditionProofing: ({ editionId }) => proofEdition(service(), library(), editionId),
  };
}
